// The learned swap detector: a small CNN (trained by vision/training/swap/) that gives each tracked
// face the probability that it was manipulated, and its model card: the clip score below which the
// validation clips say a face can be cleared (assets/models/SWAP_MODEL_REPORT.md).
#pragma once
#include <memory>
#include <opencv2/core.hpp>
#include <string>
#include <string_view>

#include "core/result.h"

namespace vision {

struct SwapModelCard {
    std::string sha256;        // of the ONNX file, recorded with every score
    double clear_below = 0;    // a clip whose mean frame probability is below this may pass
    int fakes_cleared = 0;     // validation clips at clear_below, for the reason shown to people
    int validation_fakes = 0;
};

class SwapDetector {
public:
    // The model and card built into the binary (assets/models/swap_detector.onnx and .json).
    static kiosk::Result<SwapDetector> builtin();
    static kiosk::Result<SwapDetector> load(std::string_view onnx, std::string_view card_json);
    // The built-in model's card alone, without loading the network (what a record names the model by).
    static kiosk::Result<SwapModelCard> builtin_card();
    SwapDetector(SwapDetector&&) noexcept;
    SwapDetector& operator=(SwapDetector&&) noexcept;
    ~SwapDetector();

    // Probability 0..1 that the face in a swap crop (vision/swap_crop.h) is manipulated.
    double score(const cv::Mat& crop_bgr);
    const SwapModelCard& card() const;

private:
    struct State;
    explicit SwapDetector(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

}  // namespace vision
