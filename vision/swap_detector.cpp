#include "vision/swap_detector.h"

#include <nlohmann/json.hpp>
#include <opencv2/dnn.hpp>

#include "vision/swap_crop.h"

// The model files are assembled into the binary (see CMakeLists.txt): the kiosk needs nothing beside it.
extern "C" const char kiosk_swap_onnx[], kiosk_swap_onnx_end[], kiosk_swap_card[], kiosk_swap_card_end[];

namespace vision {

struct SwapDetector::State {
    cv::dnn::Net net;
    SwapModelCard card;
};

namespace {

std::string_view builtin_card_json() {
    return {kiosk_swap_card, static_cast<std::size_t>(kiosk_swap_card_end - kiosk_swap_card)};
}

kiosk::Result<SwapModelCard> parse_card(std::string_view card_json) {
    SwapModelCard parsed;
    try {
        auto card = nlohmann::json::parse(card_json);
        if (card.at("input").at("size").get<int>() != swap_layout.size)
            return kiosk::fail("the swap model expects another crop size than vision/swap_crop.h cuts");
        parsed.sha256 = card.at("sha256").get<std::string>();
        parsed.clear_below = card.at("clear_below").get<double>();
        parsed.fakes_cleared = card.at("at_clear_below").at("fakes_cleared").get<int>();
        parsed.validation_fakes = card.at("at_clear_below").at("fakes").get<int>();
    } catch (const nlohmann::json::exception& e) {
        return kiosk::fail(std::string("the swap model card is not valid: ") + e.what());
    }
    if (!(parsed.clear_below >= 0 && parsed.clear_below <= 1))
        return kiosk::fail("the swap model card's clear_below is not a probability");
    return parsed;
}

}  // namespace

kiosk::Result<SwapDetector> SwapDetector::builtin() {
    return load({kiosk_swap_onnx, static_cast<std::size_t>(kiosk_swap_onnx_end - kiosk_swap_onnx)}, builtin_card_json());
}

kiosk::Result<SwapModelCard> SwapDetector::builtin_card() { return parse_card(builtin_card_json()); }

kiosk::Result<SwapDetector> SwapDetector::load(std::string_view onnx, std::string_view card_json) {
    auto card = parse_card(card_json);
    if (!card) return std::unexpected(card.error());
    auto state = std::make_unique<State>();
    state->card = std::move(*card);
    try {
        state->net = cv::dnn::readNetFromONNX(onnx.data(), onnx.size());
    } catch (const cv::Exception& e) {
        return kiosk::fail(std::string("the swap model did not load: ") + e.what());
    }
    if (state->net.empty()) return kiosk::fail("the swap model did not load");
    return SwapDetector(std::move(state));
}

SwapDetector::SwapDetector(std::unique_ptr<State> state) : state_(std::move(state)) {}
SwapDetector::SwapDetector(SwapDetector&&) noexcept = default;
SwapDetector& SwapDetector::operator=(SwapDetector&&) noexcept = default;
SwapDetector::~SwapDetector() = default;

double SwapDetector::score(const cv::Mat& crop_bgr) {
    // The training program's layout: BGR, 0..1, no mean subtraction (vision/training/swap/data.py).
    cv::Mat blob = cv::dnn::blobFromImage(crop_bgr, 1.0 / 255.0);
    state_->net.setInput(blob);
    cv::Mat out = state_->net.forward();
    return static_cast<double>(out.at<float>(0));
}

const SwapModelCard& SwapDetector::card() const { return state_->card; }

}  // namespace vision
