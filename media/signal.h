// One measured signal of a stream or a face: what media's injection checks and vision's forensic
// checks both report, and what the CLI, the UI and the ledger show.
#pragma once
#include <string>

namespace media {

struct Signal {
    std::string id;           // stable, e.g. "injection.zero_temporal_diff"
    double value = 0;         // in the unit its check documents
    double confidence = 0;    // 0..1: how much the measurement itself can be trusted (enough frames, face size…)
    std::string explanation;  // plain language: what the value means for this stream
};

}  // namespace media
