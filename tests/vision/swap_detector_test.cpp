#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>

#include "support.h"
#include "vision/analyzer.h"
#include "vision/swap_crop.h"
#include "vision/swap_detector.h"

using namespace vision;

namespace {

std::string model_bytes() {
    return kiosk::test::read_file(std::filesystem::path(KIOSK_SOURCE_DIR) / "assets/models/swap_detector.onnx");
}

std::string card_with(std::string_view size, std::string_view clear_below) {
    return R"({"sha256": "00", "input": {"size": )" + std::string(size) + R"(}, "clear_below": )" + std::string(clear_below) +
           R"(, "at_clear_below": {"fakes_cleared": 0, "fakes": 6}})";
}

}  // namespace

TEST_CASE("swap detector: the built-in model loads and gives a probability for any crop") {
    auto detector = SwapDetector::builtin();
    REQUIRE_MESSAGE(detector, detector.error().message);
    CHECK(detector->card().sha256.size() == 64);
    CHECK(detector->card().clear_below >= 0);
    CHECK(detector->card().clear_below < 1);
    cv::Mat noise(swap_layout.size, swap_layout.size, CV_8UC3), flat(swap_layout.size, swap_layout.size, CV_8UC3, cv::Scalar(90, 120, 160));
    cv::randu(noise, 0, 255);
    for (const auto& crop : {noise, flat}) {
        const double p = detector->score(crop);
        CHECK(p >= 0.0);
        CHECK(p <= 1.0);
    }
}

TEST_CASE("swap detector: a card for another crop size, a clear region outside 0..1, a broken card or model "
          "is refused with the reason") {
    const auto onnx = model_bytes();
    CHECK(SwapDetector::load(onnx, card_with(std::to_string(swap_layout.size), "0.1")));
    auto other_size = SwapDetector::load(onnx, card_with("64", "0.1"));
    REQUIRE(!other_size);
    CHECK(other_size.error().message.find("crop size") != std::string::npos);
    auto outside = SwapDetector::load(onnx, card_with(std::to_string(swap_layout.size), "1.5"));
    REQUIRE(!outside);
    CHECK(outside.error().message.find("clear_below") != std::string::npos);
    CHECK(!SwapDetector::load(onnx, "{not json"));
    CHECK(!SwapDetector::load(onnx, R"({"sha256": "00"})"));
    auto garbage = SwapDetector::load("not an onnx model", card_with(std::to_string(swap_layout.size), "0.1"));
    REQUIRE(!garbage);
    CHECK(garbage.error().message.find("swap model") != std::string::npos);
}

TEST_CASE("analyzer: only a face whose score is inside the validated clear region passes") {
    // Through `kiosk analyze` on a real clip and a live swap: a pass is always a cleared score.
    auto data = kiosk::test::shared_data();
    if (!data) {
        MESSAGE("skipped: ../shared/data is absent");
        return;
    }
    for (const auto* clip : {"faces/real/hdtf_RD_Radio2_000.mp4", "faces/fake/dfl_Keanu_Reeves_0_right_swapped.mp4"}) {
        auto run = kiosk::test::kiosk({"analyze", (*data / clip).string(), "--seconds", "3", "--json"});
        REQUIRE_MESSAGE(run.code != 2, run.err);
        const auto result = nlohmann::json::parse(run.out);
        MESSAGE(std::string(clip) << ": score " << result["score"] << ", " << result["verdict"] << ": " << result["reason"]);
        CHECK((result["verdict"] != "pass" || result["cleared"] == true));
    }
}
