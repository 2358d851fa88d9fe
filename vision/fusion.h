// Learned fusion: a logistic regression over the check signals, Platt-calibrated so that the score
// is a probability of manipulation. The model is a small JSON file trained by
// vision/training/train_fusion.cpp on self-blended real faces and embedded in the binary.
#pragma once
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "media/signal.h"

namespace vision {

struct FusionModel {
    std::vector<std::string> features;  // signal ids, in weight order
    std::vector<double> mean, scale;    // standardisation of each feature
    std::vector<double> weights;
    double bias = 0;
    double platt_a = 1, platt_b = 0;    // p = 1 / (1 + exp(-(a * logit + b)))

    static kiosk::Result<FusionModel> parse(std::string_view json_text);
    std::string to_json(const std::string& report_json = "{}") const;
};

// The model built into this binary (assets/models/fusion_model.json at build time).
kiosk::Result<FusionModel> builtin_model();

// Standardised, clipped feature vector; a signal with too little confidence counts as average (0).
std::vector<double> feature_vector(const FusionModel& model, std::span<const media::Signal> signals);

struct FusionResult {
    double probability = 0;
    std::vector<std::pair<std::string, double>> contributions;  // weight * feature, largest first
};

FusionResult fuse(const FusionModel& model, std::span<const media::Signal> signals);
double logistic(double x);

}  // namespace vision
