#include "ui/screen_region.h"

#include <algorithm>
#include <cmath>

namespace kiosk::ui {

std::string region_source(const cv::Rect& region) {
    return "screen:" + std::to_string(region.x) + "," + std::to_string(region.y) + "," + std::to_string(region.width) +
           "x" + std::to_string(region.height);
}

cv::Rect drag_rectangle(cv::Point2f from, cv::Point2f to, cv::Point2f origin, float fit, cv::Size still) {
    auto to_still = [&](cv::Point2f point) {
        return cv::Point(static_cast<int>(std::lround((point.x - origin.x) / fit)),
                         static_cast<int>(std::lround((point.y - origin.y) / fit)));
    };
    const cv::Point a = to_still(from), b = to_still(to);
    const cv::Rect dragged(cv::Point(std::min(a.x, b.x), std::min(a.y, b.y)), cv::Point(std::max(a.x, b.x), std::max(a.y, b.y)));
    return dragged & cv::Rect({0, 0}, still);
}

}  // namespace kiosk::ui
