// The development set (shared/data/faces) through the kiosk's own analyser, as `kiosk analyze` sees
// it: each clip's learned swap score and verdict, the score's clip AUC overall and on the DeepFaceLive
// pairs, each original/swap pair compared, and each hand-made signal's own AUC (which of them still
// carry information beside the learned score). The swap detector never trains on these clips.
//
//   vision_evaluate DATA_DIR(shared/data/faces) [--max-frames N] [--json FILE]
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/config.h"
#include "session/analysis_record.h"
#include "session/verdict.h"
#include "vision/analyzer.h"
#include "vision/checks.h"
#include "vision/training/training_data.h"

namespace fs = std::filesystem;
using namespace vision;

namespace {

struct Clip {
    std::string file;
    int label = 0;
    Assessment assessment;
    std::string verdict;  // what `kiosk analyze` says: the session policy over the analysis step
};

// The product's verdict for a clip: the deepfake_analysis step judged by the default policy.
std::string product_verdict(const Assessment& assessment, const kiosk::session::AnalysisSetup& setup,
                            const std::string& file) {
    const auto outcome = kiosk::session::analysis_outcome(assessment, setup, file);
    return std::string(kiosk::session::to_string(setup.policy.judge_evidence({&outcome, 1}).verdict));
}

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

// Area under the ROC curve for "higher = fake", by pairs (ties count half).
double roc_auc(const std::vector<double>& scores, const std::vector<int>& labels) {
    double greater = 0, pairs = 0;
    for (std::size_t i = 0; i < scores.size(); ++i)
        for (std::size_t j = 0; j < scores.size(); ++j)
            if (labels[i] == 1 && labels[j] == 0) {
                pairs += 1;
                greater += scores[i] > scores[j] ? 1.0 : scores[i] == scores[j] ? 0.5 : 0.0;
            }
    return pairs > 0 ? greater / pairs : 0.5;
}

// "dfl_Albica_Johns_0" from either half of a pair (a DeepFaceLive original and its swap, or an LRNet
// real/fake demo), "" for clips that are not pair halves.
std::string pair_key(const std::string& file) {
    auto name = fs::path(file).stem().string();
    for (std::string suffix : {"_left_original", "_right_swapped", "_real", "_fake"})
        if (name.size() > suffix.size() && name.ends_with(suffix)) return name.substr(0, name.size() - suffix.size());
    return "";
}

std::vector<Clip> analyse_clips(const fs::path& data, int max_frames, const kiosk::session::AnalysisSetup& setup) {
    std::ifstream labels(data / "labels.csv");
    if (!labels) {
        std::cerr << "cannot read " << (data / "labels.csv") << "\n";
        std::exit(2);
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
        auto analyzer = Analyzer::create(setup.options);
        if (!analyzer) {
            std::cerr << analyzer.error().message << "\n";
            std::exit(2);
        }
        for (const auto& f : training::read_media(data / file, max_frames)) analyzer->process(f);
        Clip clip{file, label == "fake" ? 1 : 0, analyzer->assessment(), ""};
        clip.verdict = product_verdict(clip.assessment, setup, file);
        std::cerr << file << ": " << clip.assessment.frames_scored << "/" << clip.assessment.frames
                  << " scored, score " << fixed(clip.assessment.score) << ", " << clip.verdict << "\n";
        clips.push_back(std::move(clip));
    }
    return clips;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: vision_evaluate DATA_DIR(shared/data/faces) [--max-frames N] [--json FILE]\n";
        return 2;
    }
    fs::path data = argv[1];
    int max_frames = 240;
    std::string json_out;
    for (int i = 2; i + 1 < argc; i += 2) {
        std::string key = argv[i];
        if (key == "--max-frames") max_frames = std::stoi(argv[i + 1]);
        else if (key == "--json") json_out = argv[i + 1];
    }
    cv::setNumThreads(1);
    auto setup = kiosk::session::analysis_setup(kiosk::Config::defaults(), data.string(), 0);  // recorded clips
    if (!setup) {
        std::cerr << setup.error().message << "\n";
        return 2;
    }
    const auto clips = analyse_clips(data, max_frames, *setup);

    std::vector<std::string> ids;
    for (const auto& c : checks()) ids.emplace_back(c.descriptor.id);
    std::ostringstream md;
    md << "| clip | label | scored/frames | swap score | verdict |\n|---|---|---|---|---|\n";
    for (const auto& c : clips)
        md << "| " << c.file << " | " << (c.label ? "fake" : "real") << " | " << c.assessment.frames_scored << "/"
           << c.assessment.frames << " | " << fixed(c.assessment.score) << " | " << c.verdict << " |\n";

    std::vector<int> y, y_dfl;
    std::vector<double> score, score_dfl;
    std::map<std::string, std::vector<double>> per_signal;
    nlohmann::json result;
    int fakes_passed = 0, reals_failed = 0, fakes = 0;
    for (const auto& c : clips) {
        y.push_back(c.label);
        score.push_back(c.assessment.score);
        if (c.file.find("dfl_") != std::string::npos && !pair_key(c.file).empty()) {
            y_dfl.push_back(c.label);
            score_dfl.push_back(c.assessment.score);
        }
        for (const auto& id : ids) per_signal[id].push_back(value_of(c.assessment, id));
        fakes += c.label;
        fakes_passed += c.label == 1 && c.verdict == "pass";
        reals_failed += c.label == 0 && c.verdict == "fail";
        result["clips"].push_back({{"file", c.file}, {"label", c.label}, {"score", c.assessment.score},
                                   {"verdict", c.verdict}});
    }
    result["auc"]["swap_score"] = roc_auc(score, y);
    result["auc"]["swap_score_dfl_pairs"] = roc_auc(score_dfl, y_dfl);
    md << "\nSwap score clip AUC: **" << fixed(roc_auc(score, y)) << "** over " << clips.size() << " clips (" << fakes
       << " fake); DeepFaceLive pairs only: **" << fixed(roc_auc(score_dfl, y_dfl)) << "** (" << y_dfl.size()
       << " clips). Fakes given `pass`: " << fakes_passed << " of " << fakes << "; reals given `fail`: " << reals_failed
       << " of " << clips.size() - static_cast<std::size_t>(fakes) << ".\n";
    result["fakes_passed"] = fakes_passed;
    result["reals_failed"] = reals_failed;

    md << "\n| signal | clip AUC (higher = fake) |\n|---|---|\n";
    for (const auto& id : ids) {
        const double a = roc_auc(per_signal[id], y);
        result["auc"][id] = a;
        md << "| " << id << " | " << fixed(a) << " |\n";
    }

    // Pairs: does the swap score higher than its own original?
    std::map<std::string, std::pair<const Clip*, const Clip*>> pairs;
    for (const auto& c : clips) {
        auto key = pair_key(c.file);
        if (!key.empty()) (c.label ? pairs[key].second : pairs[key].first) = &c;
    }
    md << "\n| pair | original score | swap score | swap higher |\n|---|---|---|---|\n";
    int ordered = 0, total = 0;
    for (const auto& [key, p] : pairs) {
        if (!p.first || !p.second) continue;
        ++total;
        const bool higher = p.second->assessment.score > p.first->assessment.score;
        ordered += higher;
        md << "| " << key << " | " << fixed(p.first->assessment.score) << " | " << fixed(p.second->assessment.score)
           << " | " << (higher ? "yes" : "no") << " |\n";
    }
    md << "\nPairs where the swap scores above its own original: " << ordered << "/" << total << ".\n";
    result["pairs"] = {{"ordered", ordered}, {"total", total}};
    std::cout << md.str();
    if (!json_out.empty()) std::ofstream(json_out) << result.dump(2) << "\n";
    return 0;
}
