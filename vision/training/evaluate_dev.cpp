// Per-signal and fused AUC on the development set (shared/data/faces), and the DeepFaceLive pairs
// (left original vs right live swap) compared one by one. Clips the fusion was trained on are
// listed but left out of the AUC.
//
//   vision_evaluate DATA_DIR(shared/data/faces) [--max-frames N] [--json FILE] [--model FILE]
// (--model: a fusion model file to check instead of the one built in; --json also lists each clip's
// signals, so that another model can be scored on them without re-reading the clips)
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "vision/training/training_data.h"
#include "vision/checks.h"
#include "vision/fusion.h"
#include "vision/fusion_fit.h"

namespace fs = std::filesystem;
using namespace vision;

namespace {

struct Clip {
    std::string file;
    int label = 0;
    bool trained_on = false;
    Assessment assessment;
};

std::string fixed(double v, int digits = 3) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

double value_of(const Assessment& a, std::string_view id) {
    for (const auto& s : a.signals)
        if (s.id == id) return s.value;
    return 0;
}

// "dfl_Albica_Johns_0" from either half of a pair (a DeepFaceLive original and its swap, or an LRNet
// real/fake demo), "" for clips that are not pair halves.
std::string pair_key(const std::string& file) {
    auto name = fs::path(file).stem().string();
    for (std::string suffix : {"_left_original", "_right_swapped", "_real", "_fake"})
        if (name.size() > suffix.size() && name.ends_with(suffix)) return name.substr(0, name.size() - suffix.size());
    return "";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: vision_evaluate DATA_DIR(shared/data/faces) [--max-frames N] [--json FILE] [--model FILE]\n";
        return 2;
    }
    fs::path data = argv[1];
    int max_frames = 450;
    std::string json_out, model_file;
    for (int i = 2; i + 1 < argc; i += 2) {
        std::string key = argv[i];
        if (key == "--max-frames") max_frames = std::stoi(argv[i + 1]);
        else if (key == "--json") json_out = argv[i + 1];
        else if (key == "--model") model_file = argv[i + 1];
    }
    cv::setNumThreads(1);
    auto model = builtin_model();
    if (!model_file.empty()) {
        std::ifstream in(model_file);
        std::stringstream text;
        text << in.rdbuf();
        model = FusionModel::parse(text.str());
    }
    if (!model) {
        std::cerr << model.error().message << "\n";
        return 2;
    }
    AnalyzerOptions options;
    options.model = *model;
    const std::vector<std::string> trained = {"real/dfl_sample_Twitch1.mp4", "real/hdtf_RD_Radio2_000.mp4",
                                              "real/hdtf_RD_Radio34_000.mp4"};

    std::ifstream labels(data / "labels.csv");
    if (!labels) {
        std::cerr << "cannot read " << (data / "labels.csv") << "\n";
        return 2;
    }
    std::vector<Clip> clips;
    std::string line;
    std::getline(labels, line);
    while (std::getline(labels, line)) {
        std::stringstream row(line);
        std::string file, label, confidence, kind;
        std::getline(row, file, ',');
        std::getline(row, label, ',');
        std::getline(row, confidence, ',');
        std::getline(row, kind, ',');
        if ((kind != "video" && kind != "gif") || (label != "real" && label != "fake")) continue;
        auto frames = training::read_media(data / file, max_frames);
        auto analyzer = Analyzer::create(options);
        if (!analyzer) {
            std::cerr << analyzer.error().message << "\n";
            return 2;
        }
        for (const auto& f : frames) analyzer->process(f);
        Clip clip{file, label == "fake" ? 1 : 0, std::find(trained.begin(), trained.end(), file) != trained.end(),
                  analyzer->assessment()};
        std::cerr << file << ": " << clip.assessment.frames_scored << "/" << clip.assessment.frames
                  << " scored, score " << fixed(clip.assessment.score) << "\n";
        clips.push_back(std::move(clip));
    }

    std::vector<std::string> ids;
    for (const auto& c : checks()) ids.emplace_back(c.descriptor.id);
    std::ostringstream md;
    md << "| clip | label | scored/frames | score | verdict |";
    for (const auto& id : ids) md << " " << id << " |";
    md << "\n|---|---|---|---|---|" << std::string(ids.size() * 4, '-').replace(0, 0, "") << "\n";
    for (const auto& c : clips) {
        md << "| " << c.file << (c.trained_on ? " (training source)" : "") << " | " << (c.label ? "fake" : "real")
           << " | " << c.assessment.frames_scored << "/" << c.assessment.frames << " | " << fixed(c.assessment.score)
           << " | " << c.assessment.verdict << " |";
        for (const auto& id : ids) md << " " << fixed(value_of(c.assessment, id)) << " |";
        md << "\n";
    }

    // AUC over the clips not used in training; a signal's AUC is for "higher value = fake".
    std::vector<int> y;
    std::vector<double> fused;
    std::map<std::string, std::vector<double>> per_signal;
    for (const auto& c : clips) {
        if (c.trained_on) continue;
        y.push_back(c.label);
        fused.push_back(c.assessment.score);
        for (const auto& id : ids) per_signal[id].push_back(value_of(c.assessment, id));
    }
    nlohmann::json result;
    for (const auto& c : clips) {
        nlohmann::json signals;
        for (const auto& s : c.assessment.signals) signals[s.id] = {{"value", s.value}, {"confidence", s.confidence}};
        result["clips"].push_back({{"file", c.file}, {"label", c.label}, {"trained_on", c.trained_on},
                                   {"score", c.assessment.score}, {"signals", signals}});
    }
    md << "\n| signal | AUC (higher = fake) |\n|---|---|\n";
    for (const auto& id : ids) {
        double a = roc_auc(per_signal[id], y);
        result["auc"][id] = a;
        md << "| " << id << " | " << fixed(a) << " |\n";
    }
    double fused_auc = roc_auc(fused, y);
    result["auc"]["fused"] = fused_auc;
    md << "| **fused score** | **" << fixed(fused_auc) << "** |\n";
    int reals = 0;
    for (int v : y) reals += v == 0;
    md << "\n" << y.size() << " clips (" << reals << " real, " << y.size() - static_cast<std::size_t>(reals)
       << " fake); training sources excluded.\n";

    // How much these signals can tell apart on this set at all: a logistic fusion fitted on the
    // development clips themselves, each pair (or lone clip) scored by a fit that never saw it. A
    // diagnostic of the signals, not a model: nothing of it is kept or shipped.
    std::vector<LabelledRow> rows;
    for (const auto& c : clips) {
        if (c.trained_on) continue;
        const auto key = pair_key(c.file);
        rows.push_back({feature_vector(*model, c.assessment.signals), c.label, key.empty() ? c.file : key});
    }
    const double ceiling = roc_auc(held_out_logits(rows, 0.05), y);
    result["auc"]["dev_fitted_leave_pair_out"] = ceiling;
    md << "\nCeiling check (diagnostic only): a logistic fusion of these signals fitted on the development clips "
          "themselves, each pair or lone clip scored by a fit that never saw it, reaches AUC "
       << fixed(ceiling) << ".\n";

    // Pairs: does the swap score higher than its own original?
    std::map<std::string, std::pair<const Clip*, const Clip*>> pairs;
    for (const auto& c : clips) {
        auto key = pair_key(c.file);
        if (key.empty()) continue;
        (c.label ? pairs[key].second : pairs[key].first) = &c;
    }
    md << "\n| pair | original score | swap score | swap higher |\n|---|---|---|---|\n";
    int ordered = 0, total = 0;
    std::map<std::string, int> signal_ordered;
    for (const auto& [key, p] : pairs) {
        if (!p.first || !p.second) continue;
        ++total;
        bool higher = p.second->assessment.score > p.first->assessment.score;
        ordered += higher;
        for (const auto& id : ids) signal_ordered[id] += value_of(p.second->assessment, id) > value_of(p.first->assessment, id);
        md << "| " << key << " | " << fixed(p.first->assessment.score) << " | " << fixed(p.second->assessment.score)
           << " | " << (higher ? "yes" : "no") << " |\n";
    }
    md << "\nPairs ordered correctly by the fused score: " << ordered << "/" << total << ". By each signal (higher on the swap):";
    for (const auto& id : ids) md << " " << id << " " << signal_ordered[id] << "/" << total << ";";
    md << "\n";
    result["pairs"] = {{"ordered", ordered}, {"total", total}};
    std::cout << md.str();
    if (!json_out.empty()) std::ofstream(json_out) << result.dump(2) << "\n";
    return 0;
}
