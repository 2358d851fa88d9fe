// `kiosk analyze SOURCE [--seconds N] [--threads N] [--json] [--timeline]`: how likely the face in
// a video is manipulated (face swap, reenactment, avatar), with the signals behind the score.
// SOURCE is anything media::open_source takes: a file, a URL, /dev/videoN or screen:X,Y,WxH.
// Nothing of the video is written anywhere.
#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <iomanip>

#include "cli/common.h"
#include "core/exit_code.h"
#include "session/source_analysis.h"

namespace kiosk::cli {

const std::string_view analyze_usage =
    "usage: kiosk analyze SOURCE [--seconds N] [--threads N] [--json] [--timeline] [--config FILE]\n"
    "How likely the face in SOURCE (a video file, URL, /dev/videoN or screen:X,Y,WxH) is manipulated, and\n"
    "the signals behind the score. --seconds N analyses the first N seconds of video, counted by the\n"
    "frames' own timestamps, not by how long the analysis takes: of a 1000 fps clip, N x 1000 frames.\n"
    "Opening or reading the source gives up after camera.timeout_seconds.\n"
    "Exit 0 pass or review, 1 fail, 2 bad input.\n";

namespace {

struct Stats {
    double fps = 0, p50 = 0, p95 = 0, peak_rss_mb = 0;
};

double percentile(std::vector<double> v, double q) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    auto i = static_cast<std::size_t>(std::clamp(q * static_cast<double>(v.size() - 1), 0.0, static_cast<double>(v.size() - 1)));
    return v[i];
}

double peak_rss_mb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux reports KiB
}

nlohmann::json to_json(const std::string& source, const vision::Assessment& a, const session::Recommendation& judged,
                       const Stats& stats) {
    nlohmann::json signals = nlohmann::json::object();
    for (const auto& s : a.signals)
        signals[s.id] = {{"value", s.value}, {"confidence", s.confidence}, {"explanation", s.explanation}};
    nlohmann::json timeline = nlohmann::json::array();
    for (const auto& t : a.timeline)
        timeline.push_back({{"second", t.second}, {"frames", t.frames}, {"frames_with_face", t.frames_with_face},
                            {"score", t.score ? nlohmann::json(*t.score) : nlohmann::json(nullptr)}});
    return {{"source", source},
            {"frames", a.frames},
            {"frames_with_face", a.frames_with_face},
            {"frames_scored", a.frames_scored},
            {"score", a.score},
            {"cleared", a.cleared},
            {"verdict", session::to_string(judged.verdict)},
            {"reasons", judged.reasons},
            {"reason", a.reason},
            {"signals", signals},
            {"timeline", timeline},
            {"stats",
             {{"fps", stats.fps}, {"ms_per_frame_p50", stats.p50}, {"ms_per_frame_p95", stats.p95},
              {"peak_rss_mb", stats.peak_rss_mb}}}};
}

void print_text(Io& io, const std::string& source, const vision::Assessment& a, const session::Recommendation& judged,
                const Stats& stats, bool timeline) {
    auto& o = io.out;
    o << std::fixed << std::setprecision(2);
    o << "source   " << source << "\n"
      << "verdict  " << session::to_string(judged.verdict) << " (score " << a.score << ", 0 genuine .. 1 manipulated)\n";
    for (const auto& why : judged.reasons) o << "because  " << why << "\n";
    o << "reason   " << a.reason << "\n"
      << "frames   " << a.frames << " read, " << a.frames_with_face << " with a face, " << a.frames_scored << " scored\n\n"
      << "signals\n";
    for (const auto& s : a.signals)
        o << "  " << std::left << std::setw(32) << s.id << std::right << std::setw(9) << s.value << "  (confidence "
          << s.confidence << ")  " << s.explanation << "\n";
    if (timeline) {
        o << "\ntimeline (second: frames, with face, score)\n";
        for (const auto& t : a.timeline) {
            o << "  " << std::setw(4) << t.second << ": " << t.frames << ", " << t.frames_with_face << ", ";
            if (t.score) o << *t.score << "\n";
            else o << "-\n";
        }
    }
    o << "\n" << std::setprecision(1) << stats.fps << " frames/s, " << stats.p50 << " ms/frame median, " << stats.p95
      << " ms p95, peak memory " << stats.peak_rss_mb << " MB\n";
}

}  // namespace

int run_analyze(std::span<const std::string> args_in, Io& io) {
    auto args = Args::parse(args_in, {{"--json", "--timeline"}, {"--seconds", "--threads", "--config"}, 1});
    if (!args) return report(io, "analyze", args.error());
    if (args->positionals().empty())
        return bad_input(io, "analyze", "needs a SOURCE (a video file, URL, /dev/videoN or screen:X,Y,WxH)");
    const std::string source_spec = args->positionals().front();
    auto seconds = args->number("--seconds");
    if (!seconds) return report(io, "analyze", seconds.error());
    if (*seconds && !(**seconds > 0)) return bad_input(io, "analyze", "--seconds must be a positive number");
    auto threads = args->number("--threads");
    if (!threads) return report(io, "analyze", threads.error());
    if (*threads && !(**threads >= 1 && **threads <= 64 && std::floor(**threads) == **threads))
        return bad_input(io, "analyze", "--threads must be a whole number from 1 to 64");

    auto config = config_from(*args);
    if (!config) return report(io, "analyze", config.error());
    // The session's own loop and setup: `kiosk analyze` and `kiosk session run` judge a clip alike.
    session::AnalysisLimits limits{*seconds, static_cast<int>(threads->value_or(1))};
    auto analysed = session::analyse_source(source_spec, *config, limits);
    if (!analysed) return report(io, "analyze", analysed.error());
    const auto& ms = analysed->ms_per_frame;
    Stats stats{static_cast<double>(ms.size()) / std::max(analysed->wall_seconds, 1e-9), percentile(ms, 0.5),
                percentile(ms, 0.95), peak_rss_mb()};
    const auto& assessment = analysed->assessment;
    // The session's policy judges the clip as it judges a session's analysis step: one verdict rule.
    const auto outcome = session::analysis_outcome(assessment, analysed->setup, source_spec);
    const auto judged = analysed->setup.policy.judge_evidence({&outcome, 1});
    if (args->flag("--json")) write_json(io, to_json(source_spec, assessment, judged, stats));
    else print_text(io, source_spec, assessment, judged, stats, args->flag("--timeline"));
    return judged.verdict == session::Verdict::fail ? exit_findings : exit_ok;
}

}  // namespace kiosk::cli
