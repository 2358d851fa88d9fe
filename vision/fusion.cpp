#include "vision/fusion.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace vision {

extern const char* const builtin_fusion_model_json;  // generated from assets/models/fusion_model.json

namespace {
constexpr double min_confidence = 0.2;
constexpr double clip = 4.0;  // standard deviations: keeps an outlier from deciding alone
}  // namespace

double logistic(double x) { return 1.0 / (1.0 + std::exp(-x)); }

kiosk::Result<FusionModel> FusionModel::parse(std::string_view json_text) {
    try {
        auto j = nlohmann::json::parse(json_text);
        FusionModel m;
        m.features = j.at("features").get<std::vector<std::string>>();
        m.mean = j.at("mean").get<std::vector<double>>();
        m.scale = j.at("scale").get<std::vector<double>>();
        m.weights = j.at("weights").get<std::vector<double>>();
        m.bias = j.at("bias").get<double>();
        m.platt_a = j.at("calibration").at("a").get<double>();
        m.platt_b = j.at("calibration").at("b").get<double>();
        auto n = m.features.size();
        if (n == 0 || m.mean.size() != n || m.scale.size() != n || m.weights.size() != n)
            return kiosk::fail("fusion model: features, mean, scale and weights must have the same non-zero length");
        if (std::any_of(m.scale.begin(), m.scale.end(), [](double s) { return !(s > 0); }))
            return kiosk::fail("fusion model: every scale must be positive");
        return m;
    } catch (const std::exception& e) {
        return kiosk::fail(std::string("fusion model: ") + e.what());
    }
}

std::string FusionModel::to_json(const std::string& report_json) const {
    nlohmann::json j;
    j["format"] = "kiosk-vision-fusion-1";
    j["features"] = features;
    j["mean"] = mean;
    j["scale"] = scale;
    j["weights"] = weights;
    j["bias"] = bias;
    j["calibration"] = {{"method", "platt"}, {"a", platt_a}, {"b", platt_b}};
    j["training"] = nlohmann::json::parse(report_json);
    return j.dump(2) + "\n";
}

kiosk::Result<FusionModel> builtin_model() {
    std::string_view text = builtin_fusion_model_json;
    if (text.empty()) return kiosk::fail("this build has no trained fusion model (run vision_train_fusion)");
    return FusionModel::parse(text);
}

std::vector<double> feature_vector(const FusionModel& model, std::span<const media::Signal> signals) {
    std::vector<double> x(model.features.size(), 0.0);
    for (std::size_t i = 0; i < x.size(); ++i) {
        auto it = std::find_if(signals.begin(), signals.end(), [&](const auto& s) { return s.id == model.features[i]; });
        if (it == signals.end() || it->confidence < min_confidence || !std::isfinite(it->value)) continue;
        x[i] = std::clamp((it->value - model.mean[i]) / model.scale[i], -clip, clip);
    }
    return x;
}

FusionResult fuse(const FusionModel& model, std::span<const media::Signal> signals) {
    auto x = feature_vector(model, signals);
    FusionResult out;
    double logit = model.bias;
    for (std::size_t i = 0; i < x.size(); ++i) {
        double c = model.weights[i] * x[i];
        logit += c;
        out.contributions.emplace_back(model.features[i], c);
    }
    std::sort(out.contributions.begin(), out.contributions.end(),
              [](const auto& a, const auto& b) { return a.second > b.second; });
    out.probability = logistic(model.platt_a * logit + model.platt_b);
    return out;
}

}  // namespace vision
