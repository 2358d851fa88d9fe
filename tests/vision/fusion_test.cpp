#include <doctest/doctest.h>

#include "vision/checks.h"
#include "vision/fusion.h"
#include "vision/fusion_fit.h"

using namespace vision;

TEST_CASE("fusion: malformed models are rejected with a reason") {
    CHECK(!FusionModel::parse("not json"));
    CHECK(!FusionModel::parse(R"({"features":["a"],"mean":[0,1],"scale":[1],"weights":[1],"bias":0,"calibration":{"a":1,"b":0}})"));
    CHECK(!FusionModel::parse(R"({"features":["a"],"mean":[0],"scale":[0],"weights":[1],"bias":0,"calibration":{"a":1,"b":0}})"));
    auto ok = FusionModel::parse(R"({"features":["a"],"mean":[0],"scale":[2],"weights":[1],"bias":0,"calibration":{"a":1,"b":0}})");
    REQUIRE(ok);
    CHECK(FusionModel::parse(ok->to_json()));
}

TEST_CASE("fusion: the built-in model covers the registered checks and gives probabilities") {
    auto model = builtin_model();
    REQUIRE_MESSAGE(model, (model ? "" : model.error().message));
    for (const auto& id : model->features) {
        bool known = false;
        for (const auto& c : checks()) known = known || c.descriptor.id == id;
        CHECK_MESSAGE(known, id);
    }
    // Unknown or low-confidence signals count as average; a strong cue moves the score its weight's way.
    auto neutral = fuse(*model, {});
    CHECK(neutral.probability > 0.0);
    CHECK(neutral.probability < 1.0);
    std::size_t k = 0;
    for (std::size_t i = 1; i < model->weights.size(); ++i)
        if (std::abs(model->weights[i]) > std::abs(model->weights[k])) k = i;
    double toward_fake = model->mean[k] + (model->weights[k] > 0 ? 3 : -3) * model->scale[k];
    std::vector<media::Signal> strong{{model->features[k], toward_fake, 1, ""}};
    CHECK(fuse(*model, strong).probability > neutral.probability);
    strong[0].confidence = 0.05;
    CHECK(fuse(*model, strong).probability == doctest::Approx(neutral.probability));
}

TEST_CASE("fusion: Platt scaling recovers a known calibration and yields calibrated probabilities") {
    // Logits whose true probability is logistic(2 z - 1): an uncalibrated score stretched by 2.
    cv::RNG rng(5);
    std::vector<double> z;
    std::vector<int> y;
    for (int i = 0; i < 4000; ++i) {
        double v = rng.uniform(-3.0, 3.0);
        z.push_back(v);
        y.push_back(rng.uniform(0.0, 1.0) < logistic(2 * v - 1) ? 1 : 0);
    }
    auto [a, b] = fit_platt(z, y);
    CHECK(a == doctest::Approx(2).epsilon(0.15));
    CHECK(b == doctest::Approx(-1).epsilon(0.2));
    // Reliability on fresh data: in every probability bin the observed rate matches the prediction.
    std::vector<double> predicted(5, 0), observed(5, 0), count(5, 0);
    for (int i = 0; i < 4000; ++i) {
        double v = rng.uniform(-3.0, 3.0);
        double p = logistic(a * v + b);
        int label = rng.uniform(0.0, 1.0) < logistic(2 * v - 1) ? 1 : 0;
        auto bin = static_cast<std::size_t>(std::min(4.0, p * 5));
        predicted[bin] += p, observed[bin] += label, count[bin] += 1;
    }
    for (std::size_t i = 0; i < 5; ++i)
        if (count[i] > 100) CHECK(std::abs(predicted[i] - observed[i]) / count[i] < 0.05);
    // And a miscalibrated mapping (a = 1, b = 0) fails the same test in some bin.
    double worst = 0;
    std::vector<double> p2(5, 0), o2(5, 0), c2(5, 0);
    for (int i = 0; i < 4000; ++i) {
        double v = rng.uniform(-3.0, 3.0), p = logistic(v);
        int label = rng.uniform(0.0, 1.0) < logistic(2 * v - 1) ? 1 : 0;
        auto bin = static_cast<std::size_t>(std::min(4.0, p * 5));
        p2[bin] += p, o2[bin] += label, c2[bin] += 1;
    }
    for (std::size_t i = 0; i < 5; ++i)
        if (c2[i] > 100) worst = std::max(worst, std::abs(p2[i] - o2[i]) / c2[i]);
    CHECK(worst > 0.05);
}

TEST_CASE("fusion: logistic regression separates separable data and AUC is computed with ties") {
    std::vector<std::vector<double>> x;
    std::vector<int> y;
    cv::RNG rng(9);
    for (int i = 0; i < 200; ++i) {
        int label = i % 2;
        x.push_back({rng.gaussian(1.0) + (label ? 2.0 : -2.0), rng.gaussian(1.0)});
        y.push_back(label);
    }
    auto fit = fit_logistic(x, y, 0.01);
    CHECK(fit.weights[0] > 1.0);
    CHECK(std::abs(fit.weights[1]) < 0.5);
    std::vector<double> scores;
    for (const auto& row : x) scores.push_back(fit.logit(row));
    CHECK(roc_auc(scores, y) > 0.95);
    CHECK(roc_auc({1, 1}, {1, 0}) == doctest::Approx(0.5));
    CHECK(roc_auc({0, 1}, {1, 0}) == doctest::Approx(0.0));
}

TEST_CASE("fusion: held-out logits come from fits that never saw the row's group") {
    std::vector<LabelledRow> rows;
    cv::RNG rng(11);
    for (int group = 0; group < 6; ++group)
        for (int i = 0; i < 20; ++i) {
            const int label = i % 2;
            rows.push_back({{rng.gaussian(1.0) + (label ? 1.5 : -1.5)}, label, "source-" + std::to_string(group)});
        }
    const auto logits = held_out_logits(rows, 0.05);
    std::vector<int> labels;
    for (const auto& row : rows) labels.push_back(row.label);
    CHECK(roc_auc(logits, labels) > 0.9);  // an informative feature carries over to unseen groups

    // Flipping one group's labels must not move that group's held-out logits (its fit never saw them),
    // and must move every other group's.
    auto flipped = rows;
    for (auto& row : flipped)
        if (row.group == "source-2") row.label = 1 - row.label;
    const auto after = held_out_logits(flipped, 0.05);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (rows[i].group == "source-2") CHECK(after[i] == doctest::Approx(logits[i]));
        else CHECK(after[i] != doctest::Approx(logits[i]));
    }
}
