// Screenshot mode under Xvfb: every screen renders to a real image, and the screens differ.
#include <doctest/doctest.h>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "support.h"
#include "ui_test_support.h"

using namespace kiosk;

TEST_CASE("kiosk --screenshot renders every screen to a distinct non-uniform 1920x1080 PNG") {
    if (!test::have_program("xvfb-run")) {
        MESSAGE("skipped: xvfb-run is not installed (Debian package xvfb)");
        return;
    }
    test::TempDir dir;
    auto clip = test::make_clip(dir.path(), 640, 360, 3);
    if (!clip) {
        MESSAGE("skipped: ffmpeg is not installed");
        return;
    }
    const auto shots = dir / "shots";
    std::string command = std::string("xvfb-run -a -s '-screen 0 1920x1080x24' '") + KIOSK_BINARY + "' --screenshot '" +
                          shots.string() + "' --windowed --source '" + clip->string() + "' --data-dir '" +
                          (dir / "data").string() + "'";
    const auto fixture = test::fixtures() / "host" / "pikvm_v4";
    if (std::filesystem::exists(fixture)) command += " --root '" + fixture.string() + "'";
    auto run = test::shell(command, dir.path());
    REQUIRE_MESSAGE(run.code == 0, run.err);

    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(shots)) files.push_back(entry.path());
    std::ranges::sort(files);
    const std::vector<std::string> expected{"sign-in", "home", "interview-source", "interview-region", "interview-consent", "interview-live",
                                            "interview-decision", "interview-recorded", "handoff-inspection",
                                            "handoff-liveness", "handoff-sign-off", "review"};
    REQUIRE(files.size() == expected.size());
    std::vector<cv::Mat> images;
    for (std::size_t index = 0; index < files.size(); ++index) {
        CHECK(files[index].filename().string().find(expected[index]) != std::string::npos);
        cv::Mat image = cv::imread(files[index].string(), cv::IMREAD_COLOR);
        REQUIRE(!image.empty());
        CHECK(image.cols == 1920);
        CHECK(image.rows == 1080);
        cv::Scalar mean, deviation;
        cv::meanStdDev(image, mean, deviation);
        CHECK_MESSAGE(deviation[0] + deviation[1] + deviation[2] > 10, files[index]);  // text and panels, not a blank
        images.push_back(image);
    }
    for (std::size_t a = 0; a < images.size(); ++a)
        for (std::size_t b = a + 1; b < images.size(); ++b) {
            cv::Mat difference;
            cv::absdiff(images[a], images[b], difference);
            CHECK_MESSAGE(cv::countNonZero(difference.reshape(1)) > 20000, files[a], " looks like ", files[b]);
        }
}
