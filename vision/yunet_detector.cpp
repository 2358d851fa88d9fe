#include "vision/yunet_detector.h"

#include <algorithm>
#include <cmath>
#include <opencv2/dnn.hpp>
#include <string>

// The model file is assembled into the binary (see CMakeLists.txt): the kiosk needs nothing beside it.
extern "C" const char kiosk_yunet_onnx[], kiosk_yunet_onnx_end[];

namespace vision {
namespace {

// One anchor of the network's output: a square of `size` pixels centred on (cx, cy).
struct Prior {
    float cx, cy, size;
};

// YuNet's anchors for an input of `input` pixels, in the order of its output rows. OpenCV 4.6's
// cv::FaceDetectorYN takes only a model path, so its decoding is reproduced here for the model held
// in memory (yunet_test.cpp checks that both give the same faces).
std::vector<Prior> priors_for(cv::Size input) {
    // Feature maps of strides 8, 16, 32 and 64: two rounded-up halvings, then one floor halving each.
    int width = (input.width + 1) / 2 / 2, height = (input.height + 1) / 2 / 2;
    const std::vector<std::vector<float>> sizes = {{10, 16, 24}, {32, 48}, {64, 96}, {128, 192, 256}};
    std::vector<Prior> priors;
    for (std::size_t level = 0; level < sizes.size(); ++level) {
        width /= 2, height /= 2;
        float stride = static_cast<float>(8 << level);
        for (int y = 0; y < height; ++y)
            for (int x = 0; x < width; ++x)
                for (float size : sizes[level])
                    priors.push_back({(static_cast<float>(x) + 0.5f) * stride, (static_cast<float>(y) + 0.5f) * stride, size});
    }
    return priors;
}

}  // namespace

struct YuNetDetector::State {
    cv::dnn::Net net;
    cv::Size input;             // the size `priors` were made for
    std::vector<Prior> priors;
};

kiosk::Result<YuNetDetector> YuNetDetector::builtin() {
    auto state = std::make_unique<State>();
    try {
        state->net = cv::dnn::readNetFromONNX(kiosk_yunet_onnx,
                                              static_cast<std::size_t>(kiosk_yunet_onnx_end - kiosk_yunet_onnx));
    } catch (const cv::Exception& e) {
        return kiosk::fail(std::string("the YuNet face detector did not load: ") + e.what());
    }
    if (state->net.empty()) return kiosk::fail("the YuNet face detector did not load");
    YuNetDetector detector(std::move(state));
    // A blank image through the network proves the outputs have the shape the decoding expects.
    try {
        detector.detect(cv::Mat(64, 64, CV_8UC3, cv::Scalar::all(0)), 1.0f);
    } catch (const cv::Exception& e) {
        return kiosk::fail(std::string("the YuNet face detector gives unexpected outputs: ") + e.what());
    }
    return detector;
}

YuNetDetector::YuNetDetector(std::unique_ptr<State> state) : state_(std::move(state)) {}
YuNetDetector::YuNetDetector(YuNetDetector&&) noexcept = default;
YuNetDetector& YuNetDetector::operator=(YuNetDetector&&) noexcept = default;
YuNetDetector::~YuNetDetector() = default;

std::vector<YuNetFace> YuNetDetector::detect(const cv::Mat& bgr, float min_score) {
    auto& s = *state_;
    if (bgr.size() != s.input) {
        s.input = bgr.size();
        s.priors = priors_for(s.input);
    }
    // YuNet takes BGR pixel values as they are: no scaling, no mean.
    s.net.setInput(cv::dnn::blobFromImage(bgr));
    std::vector<cv::Mat> out;
    s.net.forward(out, std::vector<cv::String>{"loc", "conf", "iou"});
    CV_Assert(out.size() == 3 && out[0].total() == s.priors.size() * 14 && out[1].total() == s.priors.size() * 2 &&
              out[2].total() == s.priors.size());
    const auto* loc = out[0].ptr<float>();
    const auto* conf = out[1].ptr<float>();
    const auto* iou = out[2].ptr<float>();

    // Offsets are in units of the anchor size, scaled by the training's variances (0.1 for centres,
    // widths and points, 0.2 for heights, as OpenCV 4.6 decodes them).
    std::vector<YuNetFace> candidates;
    std::vector<cv::Rect> boxes;
    std::vector<float> scores;
    for (std::size_t i = 0; i < s.priors.size(); ++i) {
        float score = std::sqrt(conf[i * 2 + 1] * std::clamp(iou[i], 0.0f, 1.0f));
        if (!(score >= min_score)) continue;
        const auto& p = s.priors[i];
        const float* d = loc + i * 14;
        float w = p.size * std::exp(d[2] * 0.1f), h = p.size * std::exp(d[3] * 0.2f);
        YuNetFace face;
        face.box = {p.cx + d[0] * 0.1f * p.size - w / 2, p.cy + d[1] * 0.1f * p.size - h / 2, w, h};
        for (std::size_t k = 0; k < face.points.size(); ++k)
            face.points[k] = {p.cx + d[4 + 2 * k] * 0.1f * p.size, p.cy + d[5 + 2 * k] * 0.1f * p.size};
        face.score = score;
        candidates.push_back(face);
        // Whole pixels cut the way OpenCV 4.6 cuts them before suppressing overlaps.
        boxes.emplace_back(static_cast<int>(face.box.x), static_cast<int>(face.box.y), static_cast<int>(face.box.width),
                           static_cast<int>(face.box.height));
        scores.push_back(score);
    }
    std::vector<int> keep;
    cv::dnn::NMSBoxes(boxes, scores, min_score, 0.3f, keep);
    std::vector<YuNetFace> faces;
    for (int k : keep) faces.push_back(candidates[static_cast<std::size_t>(k)]);
    return faces;
}

}  // namespace vision
