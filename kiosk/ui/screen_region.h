// The call window's screen region as the region picker makes it: a rectangle dragged over a scaled
// still of the X screen, and the screen source spec media opens for it.
#pragma once
#include <opencv2/core.hpp>
#include <string>

namespace kiosk::ui {

// media's source spec for an X screen region: "screen:X,Y,WxH".
std::string region_source(const cv::Rect& region);

// The rectangle dragged from `from` to `to` (window pixels) over a still drawn at `origin` and
// scaled by `fit`, in the still's own pixels, clipped to `still`.
cv::Rect drag_rectangle(cv::Point2f from, cv::Point2f to, cv::Point2f origin, float fit, cv::Size still);

}  // namespace kiosk::ui
