// Trains the fusion model (assets/models/fusion_model.json) from REAL faces only.
//
// Negatives: real clips and stills. Positives: the same frames self-blended (vision/face_blend.h:
// recoloured, rendered small, shifted and alpha-blended back inside a landmark mask, with small
// per-frame jitter as a live swap has; in clips the pasted face is averaged over neighbouring frames,
// as a swapper's generator damps fast inner-face motion). Both classes get the same scale and
// compression (H.264 for clips, JPEG for stills), so that the model learns blending, not compression. The fake clips of the development set are never
// read here. Logistic regression (L2) on the standardised check signals, grouped cross-validation
// by source file for held-out metrics, Platt calibration on the held-out logits.
//
//   vision_train_fusion DATA_DIR OUT_DIR [--seed N] [--variants K] [--max-frames N] [--examples FILE]
//                       [--from-examples FILE]
// (--examples: also write every example's raw signals to FILE; --from-examples: fit on such a file
// instead of analysing the data again: the same model in seconds, for studying the fit)
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>
#include <sstream>
#include <unistd.h>
#include <string>

#include "vision/training/training_data.h"
#include "vision/checks.h"
#include "vision/face_blend.h"
#include "vision/face_tracker.h"
#include "vision/fusion_fit.h"

namespace fs = std::filesystem;
using namespace vision;

namespace {

// Real sources: clips that are not one half of a development pair, and dlib's example photos.
const char* const training_clips[] = {"real/dfl_sample_Twitch1.mp4", "real/hdtf_RD_Radio2_000.mp4",
                                      "real/hdtf_RD_Radio34_000.mp4"};

cv::Mat degrade(const cv::Mat& bgr, double scale, int jpeg_quality) {
    cv::Mat out = bgr;
    if (scale < 0.999) cv::resize(bgr, out, cv::Size(), scale, scale, cv::INTER_AREA);
    std::vector<uchar> bytes;
    cv::imencode(".jpg", out, bytes, {cv::IMWRITE_JPEG_QUALITY, jpeg_quality});
    return cv::imdecode(bytes, cv::IMREAD_COLOR);
}

// H.264 round trip of a whole stream, as the live swaps reach us (both classes get the same one).
std::vector<media::Frame> reencode(const std::vector<media::Frame>& frames, double scale, const fs::path& scratch) {
    if (frames.empty()) return frames;
    cv::Mat first;
    cv::resize(frames.front().bgr, first, cv::Size(), scale, scale, cv::INTER_AREA);
    // Even sizes: the encoder's 4:2:0 chroma needs them.
    cv::Size size(first.cols & ~1, first.rows & ~1);
    {
        cv::VideoWriter writer(scratch.string(), cv::CAP_FFMPEG, cv::VideoWriter::fourcc('a', 'v', 'c', '1'), 30.0, size);
        if (!writer.isOpened()) {
            std::cerr << "cannot write " << scratch << " (H.264 encoder missing?)\n";
            std::exit(2);
        }
        for (const auto& f : frames) {
            cv::Mat small;
            cv::resize(f.bgr, small, size, 0, 0, cv::INTER_AREA);
            writer.write(small);
        }
    }
    auto out = training::read_media(scratch, static_cast<int>(frames.size()));
    fs::remove(scratch);
    return out;
}

// The face of frame i as a live swapper renders it: its generator and its smoothed face alignment
// damp the fast motion of the inner face. Neighbouring frames within `radius` are aligned onto the
// mean landmarks of that window and averaged; returns the averaged image and those mean landmarks.
std::pair<cv::Mat, Landmarks> temporally_smoothed_face(const std::vector<media::Frame>& frames,
                                                       const std::vector<std::optional<Landmarks>>& points,
                                                       std::size_t i, int radius) {
    std::size_t lo = i >= static_cast<std::size_t>(radius) ? i - static_cast<std::size_t>(radius) : 0;
    std::size_t hi = std::min(frames.size() - 1, i + static_cast<std::size_t>(radius));
    Landmarks mean{};
    int n = 0;
    for (std::size_t j = lo; j <= hi; ++j)
        if (points[j]) {
            for (std::size_t k = 0; k < 68; ++k) mean[k] += (*points[j])[k];
            ++n;
        }
    for (auto& p : mean) p *= 1.0f / static_cast<float>(n);
    cv::Mat sum = cv::Mat::zeros(frames[i].bgr.size(), CV_32FC3);
    int used = 0;
    for (std::size_t j = lo; j <= hi; ++j) {
        if (!points[j]) continue;
        std::vector<cv::Point2f> from(points[j]->begin(), points[j]->end()), to(mean.begin(), mean.end());
        cv::Mat similarity = cv::estimateAffinePartial2D(from, to);
        if (similarity.empty()) continue;
        cv::Mat warped;
        cv::warpAffine(frames[j].bgr, warped, similarity, frames[i].bgr.size(), cv::INTER_LINEAR, cv::BORDER_REFLECT);
        cv::accumulate(warped, sum);
        ++used;
    }
    cv::Mat out;
    sum.convertTo(out, CV_8UC3, 1.0 / std::max(1, used));
    return {out, mean};
}

BlendParams jittered(const BlendParams& p, cv::RNG& rng) {
    BlendParams q = p;
    q.lab_shift += cv::Vec3d(rng.gaussian(0.8), rng.gaussian(0.8), rng.gaussian(0.8));
    q.warp_shift += cv::Point2d(rng.gaussian(0.004), rng.gaussian(0.004));
    return q;
}

std::string fixed(double v, int digits = 3) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: vision_train_fusion DATA_DIR(shared/data/faces) OUT_DIR [--seed N] [--variants K] [--max-frames N]\n";
        return 2;
    }
    fs::path data = argv[1], out_dir = argv[2];
    int seed = 7, variants = 3, max_frames = 240;
    fs::path examples_out, examples_in;
    for (int i = 3; i + 1 < argc; i += 2) {
        std::string key = argv[i];
        if (key == "--examples" || key == "--from-examples") {
            (key == "--examples" ? examples_out : examples_in) = argv[i + 1];
            continue;
        }
        int value = std::stoi(argv[i + 1]);
        if (key == "--seed") seed = value;
        else if (key == "--variants") variants = value;
        else if (key == "--max-frames") max_frames = value;
    }
    cv::setNumThreads(1);
    cv::RNG rng(static_cast<std::uint64_t>(seed));

    AnalyzerOptions options;
    // Feature statistics are computed here; the analyser only needs a model of the right shape.
    options.model.features.clear();
    for (const auto& c : checks()) options.model.features.emplace_back(c.descriptor.id);
    auto d = options.model.features.size();
    options.model.mean.assign(d, 0.0);
    options.model.scale.assign(d, 1.0);
    options.model.weights.assign(d, 0.0);

    auto tracker = FaceTracker::create(options.tracker);
    if (!tracker) {
        std::cerr << tracker.error().message << "\n";
        return 2;
    }

    struct Example {
        std::vector<media::Signal> signals;
        int label;
        std::string group;
    };
    std::vector<Example> examples;
    std::map<std::string, int> counts;

    if (!examples_in.empty()) {
        // The examples of an earlier run (--examples): same data, no re-analysis.
        std::ifstream in(examples_in);
        auto dump = nlohmann::json::parse(in, nullptr, false);
        if (dump.is_discarded() || !dump.is_array()) {
            std::cerr << examples_in.string() << ": not an examples file\n";
            return 2;
        }
        try {
            for (const auto& e : dump) {
                Example example{{}, e.at("label").get<int>(), e.at("group").get<std::string>()};
                for (const auto& c : checks()) {
                    auto it = e.at("signals").find(std::string(c.descriptor.id));
                    if (it == e.at("signals").end()) continue;
                    example.signals.push_back({std::string(c.descriptor.id), it->at("value").get<double>(),
                                               it->at("confidence").get<double>(), ""});
                }
                bool still = example.group.ends_with(".jpg");
                ++counts[std::string(still ? "stills, " : "clip windows, ") + (example.label ? "self-blended" : "real")];
                examples.push_back(std::move(example));
            }
        } catch (const nlohmann::json::exception& e) {
            std::cerr << examples_in.string() << ": " << e.what() << "\n";
            return 2;
        }
    } else {
        // Clips: K variants, each a (real, self-blended) pair of streams with the same degradation.
        for (const char* name : training_clips) {
            auto frames = training::read_media(data / name, max_frames);
            std::vector<std::optional<Landmarks>> points;
            tracker->reset();
            for (const auto& f : frames) {
                cv::Mat gray;
                cv::cvtColor(f.bgr, gray, cv::COLOR_BGR2GRAY);
                auto face = tracker->track(gray);
                points.push_back(face ? std::optional(face->landmarks) : std::nullopt);
            }
            for (int v = 0; v < variants; ++v) {
                auto params = random_blend(rng);
                double scale = rng.uniform(0.6, 1.0);
                int radius = rng.uniform(0, 4);  // 0: no temporal smoothing of the pasted face
                std::vector<media::Frame> fake;
                for (std::size_t i = 0; i < frames.size(); ++i) {
                    media::Frame k = frames[i];
                    if (points[i]) {
                        auto [source, source_points] = temporally_smoothed_face(frames, points, i, radius);
                        k.bgr = blend_face(source, source_points, frames[i].bgr, *points[i], jittered(params, rng));
                    }
                    fake.push_back(std::move(k));
                }
                auto scratch = fs::temp_directory_path() / ("vision_train_" + std::to_string(::getpid()) + ".mp4");
                auto real = reencode(frames, scale, scratch);
                fake = reencode(fake, scale, scratch);
                for (int label : {0, 1}) {
                    auto samples = training::analyse(label ? fake : real, options);
                    for (auto& w : training::windows(samples, 90, 45)) {
                        examples.push_back({std::move(w), label, name});
                        ++counts[std::string(label ? "clip windows, self-blended" : "clip windows, real")];
                    }
                }
            }
            std::cerr << name << ": " << frames.size() << " frames done\n";
        }

        // Stills: each augmentation gives one real and one self-blended example; video-only checks unknown.
        for (const auto& entry : fs::directory_iterator(data / "real")) {
            if (entry.path().extension() != ".jpg") continue;
            auto still = cv::imread(entry.path().string(), cv::IMREAD_COLOR);
            if (still.empty()) continue;
            for (int v = 0; v < 8; ++v) {
                double scale = rng.uniform(0.5, 1.5);
                cv::Mat base;
                cv::resize(still, base, cv::Size(), scale, scale, scale < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
                cv::Mat gray;
                cv::cvtColor(base, gray, cv::COLOR_BGR2GRAY);
                tracker->reset();
                auto face = tracker->track(gray);
                if (!face) continue;
                int quality = rng.uniform(60, 96);
                auto params = random_blend(rng);
                for (int label : {0, 1}) {
                    cv::Mat image = degrade(label ? self_blend(base, face->landmarks, params) : base, 1.0, quality);
                    // One scored frame, repeated so that the still counts as a steady clip of it.
                    media::Frame frame;
                    frame.bgr = image;
                    auto scored = training::analyse({frame}, options);
                    if (scored.empty()) continue;
                    std::vector<FaceSample> samples;
                    for (int k = 0; k < 30; ++k) {
                        samples.push_back(scored.front());
                        samples.back().index = k;
                        samples.back().t = k / 30.0;
                    }
                    auto signals = run_checks(samples);
                    for (auto& s : signals)
                        if (training::is_temporal(s.id)) s.confidence = 0;
                    examples.push_back({std::move(signals), label, entry.path().filename().string()});
                    ++counts[std::string(label ? "stills, self-blended" : "stills, real")];
                }
            }
            std::cerr << entry.path().filename().string() << " done\n";
        }
    }

    // Standardisation from the training examples (present values only).
    auto& m = options.model;
    for (std::size_t k = 0; k < d; ++k) {
        double sum = 0, sum2 = 0, n = 0;
        for (const auto& e : examples)
            for (const auto& s : e.signals)
                if (s.id == m.features[k] && s.confidence >= 0.2) {
                    sum += s.value;
                    sum2 += s.value * s.value;
                    n += 1;
                }
        m.mean[k] = n > 0 ? sum / n : 0;
        m.scale[k] = n > 1 ? std::max(1e-6, std::sqrt(std::max(0.0, sum2 / n - m.mean[k] * m.mean[k]))) : 1;
    }
    std::vector<LabelledRow> rows;
    for (const auto& e : examples) rows.push_back({feature_vector(m, e.signals), e.label, e.group});
    if (!examples_out.empty()) {
        // The raw signals of every example, for studying features without re-running the analysis.
        nlohmann::json dump = nlohmann::json::array();
        for (const auto& e : examples) {
            nlohmann::json signals;
            for (const auto& s : e.signals) signals[s.id] = {{"value", s.value}, {"confidence", s.confidence}};
            dump.push_back({{"label", e.label}, {"group", e.group}, {"signals", signals}});
        }
        std::ofstream(examples_out) << dump.dump() << "\n";
    }

    // Grouped cross-validation: every source file is held out once.
    constexpr double l2 = 0.05;
    const std::vector<double> held_out_logit = held_out_logits(rows, l2);
    std::vector<int> labels;
    std::set<std::string> groups;
    for (const auto& r : rows) labels.push_back(r.label), groups.insert(r.group);
    auto [a, b] = fit_platt(held_out_logit, labels);
    double log_loss = 0, brier = 0;
    std::vector<double> held_out_p;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        double p = std::clamp(logistic(a * held_out_logit[i] + b), 1e-6, 1 - 1e-6);
        held_out_p.push_back(p);
        log_loss -= labels[i] ? std::log(p) : std::log(1 - p);
        brier += (p - labels[i]) * (p - labels[i]);
    }
    log_loss /= static_cast<double>(rows.size());
    brier /= static_cast<double>(rows.size());
    double held_out_auc = roc_auc(held_out_logit, labels);

    auto final_fit = fit_logistic(rows, l2);
    m.weights = final_fit.weights;
    m.bias = final_fit.bias;
    m.platt_a = a;
    m.platt_b = b;

    // Report.
    nlohmann::json report;
    report["seed"] = seed;
    report["examples"] = rows.size();
    report["counts"] = counts;
    report["held_out"] = {{"method", "leave-one-source-out"}, {"auc", held_out_auc}, {"log_loss", log_loss}, {"brier", brier}};
    std::ostringstream md;
    md << "# Fusion model training report\n\n"
       << "Produced by `vision_train_fusion " << data.string() << " " << out_dir.string() << " --seed " << seed
       << " --variants " << variants << " --max-frames " << max_frames << "` (vision/training/train_fusion.cpp).\n\n"
       << "## Data (real faces only)\n\n"
       << "Sources: the real clips";
    for (const char* c : training_clips) md << " `" << c << "`";
    md << " and dlib's example photos `real/dlib_*.jpg`. Positives are self-blended versions of the same "
          "frames (recolour, low-resolution render, small warp, landmark mask with random feather; in clips the "
          "pasted face is also averaged over 0-3 neighbouring frames aligned on their mean landmarks, as a live "
          "swapper's generator and smoothed alignment damp fast inner-face motion). Clip pairs are both scaled "
          "(0.6-1.0) and H.264-encoded the same way; still pairs get the same JPEG quality (60-95). No fake clip "
          "of the development set was read.\n\n"
       << "| examples | count |\n|---|---|\n";
    for (const auto& [k, v] : counts) md << "| " << k << " | " << v << " |\n";
    md << "\nClip examples are windows of 90 scored frames (stride 45); still examples are one scored frame counted "
          "30 times, with the video-only checks marked unknown.\n\n## Features and weights\n\n"
       << "| feature | mean | scale | weight | AUC alone (training rows) |\n|---|---|---|---|---|\n";
    for (std::size_t k = 0; k < d; ++k) {
        std::vector<double> col;
        for (const auto& r : rows) col.push_back(r.x[k]);
        md << "| " << m.features[k] << " | " << fixed(m.mean[k]) << " | " << fixed(m.scale[k]) << " | "
           << fixed(m.weights[k]) << " | " << fixed(roc_auc(col, labels)) << " |\n";
    }
    md << "\nBias " << fixed(m.bias) << "; Platt calibration a = " << fixed(a) << ", b = " << fixed(b) << ".\n\n"
       << "## Held-out metrics (leave one source file out, " << groups.size() << " sources)\n\n"
       << "AUC " << fixed(held_out_auc) << ", log-loss " << fixed(log_loss) << ", Brier " << fixed(brier)
       << " (calibrated probabilities; the two Platt parameters are fitted on these same held-out logits).\n\n"
       << "| predicted | examples | observed fake share |\n|---|---|---|\n";
    for (int bin = 0; bin < 5; ++bin) {
        double lo = bin / 5.0, hi = (bin + 1) / 5.0, n = 0, pos = 0;
        for (std::size_t i = 0; i < rows.size(); ++i)
            if (held_out_p[i] >= lo && (held_out_p[i] < hi || bin == 4)) n += 1, pos += labels[i];
        md << "| " << fixed(lo, 1) << "-" << fixed(hi, 1) << " | " << n << " | " << (n > 0 ? fixed(pos / n, 2) : "-")
           << " |\n";
    }
    fs::create_directories(out_dir);
    std::ofstream(out_dir / "fusion_model.json") << m.to_json(report.dump());
    std::ofstream(out_dir / "TRAINING_REPORT.md") << md.str();
    std::cout << md.str();
    return 0;
}
