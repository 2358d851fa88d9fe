// Cuts the learned swap detector's training crops with the product's own tracker and crop code, so
// that the model is trained on exactly what it sees in the kiosk.
//
//   vision_export_crops OUT --label real|fake [--every N] [--max-frames N] [--pad PX] FILE...
//
// Clips go through the analyser and give every N-th frame it would score; stills (tight face crops)
// are padded first so that the detector and the landmarks see a whole head. Appends one row per crop
// to OUT/crops.csv: clip, label, frame, crop file, then the 68 landmarks in crop coordinates.
#include <charconv>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <string>
#include <vector>

#include "vision/analyzer.h"
#include "vision/head_pose.h"
#include "vision/swap_crop.h"
#include "vision/training/training_data.h"

namespace fs = std::filesystem;

namespace {

struct Options {
    fs::path out;
    std::string label;
    int every = 3;
    int max_frames = 300;
    int pad = 60;
    std::vector<fs::path> files;
};

int usage(const std::string& why) {
    std::cerr << "vision_export_crops: " << why
              << "\nusage: vision_export_crops OUT --label real|fake [--every N] [--max-frames N] [--pad PX] FILE...\n";
    return 2;
}

bool parse_int(const std::string& text, int& into) {
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), into);
    return error == std::errc() && end == text.data() + text.size() && into > 0;
}

bool is_still(const fs::path& path) {
    auto ext = path.extension().string();
    return ext == ".jpg" || ext == ".jpeg" || ext == ".png";
}

class CropWriter {
public:
    CropWriter(const fs::path& out, std::string label) : out_(out), label_(std::move(label)), csv_(out / "crops.csv", std::ios::app) {}

    void write(const std::string& clip, std::int64_t frame, const vision::SwapCrop& crop) {
        auto relative = fs::path("crops") / clip / (std::to_string(frame) + ".png");
        fs::create_directories(out_ / relative.parent_path());
        cv::imwrite((out_ / relative).string(), crop.bgr);
        csv_ << clip << ',' << label_ << ',' << frame << ',' << relative.string();
        for (const auto& p : crop.points) csv_ << ',' << p.x << ',' << p.y;
        csv_ << '\n';
        ++written_;
    }
    bool ok() const { return static_cast<bool>(csv_); }
    int written() const { return written_; }

private:
    fs::path out_;
    std::string label_;
    std::ofstream csv_;
    int written_ = 0;
};

// A clip: the frames the analyser scores, so that training sees the kiosk's own quality gates.
int export_clip(const fs::path& path, const Options& options, CropWriter& writer) {
    auto frames = vision::training::read_media(path, options.max_frames);
    auto analyzer = vision::Analyzer::create({});
    if (!analyzer) {
        std::cerr << analyzer.error().message << "\n";
        return -1;
    }
    int kept = 0;
    for (const auto& frame : frames) {
        auto report = analyzer->process(frame);
        if (!report.quality.usable || frame.index % options.every != 0) continue;
        writer.write(path.stem().string(), frame.index, vision::cut_swap_crop(frame.bgr, report.landmarks));
        ++kept;
    }
    return kept;
}

// A still: one tracker reset per photo, and the analyser's size and pose limits.
int export_still(const fs::path& path, const Options& options, vision::FaceTracker& tracker, CropWriter& writer) {
    cv::Mat image = cv::imread(path.string(), cv::IMREAD_COLOR);
    if (image.empty()) return 0;
    cv::copyMakeBorder(image, image, options.pad, options.pad, options.pad, options.pad, cv::BORDER_REPLICATE);
    cv::Mat gray;
    cv::cvtColor(image, gray, cv::COLOR_BGR2GRAY);
    tracker.reset();
    auto face = tracker.track(gray);
    if (!face) return 0;
    const vision::AnalyzerOptions limits;
    auto pose = vision::estimate_pose(face->landmarks, gray.size());
    if (vision::inter_ocular(face->landmarks) < limits.min_face_px || !pose.whole.valid ||
        std::abs(pose.whole.yaw_deg) > limits.max_yaw_deg || std::abs(pose.whole.pitch_deg) > limits.max_pitch_deg)
        return 0;
    writer.write(path.stem().string(), 0, vision::cut_swap_crop(image, face->landmarks));
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    std::vector<std::string> args(argv + 1, argv + argc);
    for (std::size_t i = 0; i < args.size(); ++i) {
        const auto& a = args[i];
        auto value = [&]() -> std::string { return i + 1 < args.size() ? args[++i] : std::string(); };
        if (a == "--label") options.label = value();
        else if (a == "--every") { if (!parse_int(value(), options.every)) return usage("--every needs a positive number"); }
        else if (a == "--max-frames") { if (!parse_int(value(), options.max_frames)) return usage("--max-frames needs a positive number"); }
        else if (a == "--pad") { if (!parse_int(value(), options.pad)) return usage("--pad needs a positive number"); }
        else if (a.starts_with("--")) return usage("unknown option " + a);
        else if (options.out.empty()) options.out = a;
        else options.files.emplace_back(a);
    }
    if (options.out.empty() || options.files.empty()) return usage("an output folder and at least one file are needed");
    if (options.label != "real" && options.label != "fake") return usage("--label must be real or fake");
    fs::create_directories(options.out);
    CropWriter writer(options.out, options.label);
    auto tracker = vision::FaceTracker::create({});
    if (!tracker) {
        std::cerr << tracker.error().message << "\n";
        return 2;
    }
    int files_without_face = 0;
    for (const auto& file : options.files) {
        int kept = is_still(file) ? export_still(file, options, *tracker, writer) : export_clip(file, options, writer);
        if (kept < 0) return 2;
        if (kept == 0) ++files_without_face;
    }
    if (!writer.ok()) {
        std::cerr << "vision_export_crops: could not write " << (options.out / "crops.csv") << "\n";
        return 1;
    }
    std::cout << writer.written() << " crops from " << options.files.size() << " files (" << files_without_face
              << " without a usable face)\n";
    return 0;
}
