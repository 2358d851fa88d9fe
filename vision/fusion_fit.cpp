#include "vision/fusion_fit.h"

#include <algorithm>
#include <numeric>

#include "vision/fusion.h"

namespace vision {

double LogisticFit::logit(const std::vector<double>& x) const {
    double z = bias;
    for (std::size_t k = 0; k < x.size() && k < weights.size(); ++k) z += weights[k] * x[k];
    return z;
}

LogisticFit fit_logistic(const std::vector<std::vector<double>>& x, const std::vector<int>& y, double l2) {
    LogisticFit f;
    if (x.empty()) return f;
    std::size_t d = x.front().size();
    f.weights.assign(d, 0.0);
    double n = static_cast<double>(x.size());
    for (int iter = 0; iter < 3000; ++iter) {
        std::vector<double> gw(d, 0.0);
        double gb = 0;
        for (std::size_t i = 0; i < x.size(); ++i) {
            double e = logistic(f.logit(x[i])) - y[i];
            for (std::size_t k = 0; k < d; ++k) gw[k] += e * x[i][k];
            gb += e;
        }
        for (std::size_t k = 0; k < d; ++k) f.weights[k] -= 0.2 * (gw[k] / n + l2 * f.weights[k]);
        f.bias -= 0.2 * gb / n;
    }
    return f;
}

LogisticFit fit_logistic(const std::vector<LabelledRow>& rows, double l2) {
    std::vector<std::vector<double>> x;
    std::vector<int> y;
    for (const auto& row : rows) x.push_back(row.x), y.push_back(row.label);
    return fit_logistic(x, y, l2);
}

std::vector<double> held_out_logits(const std::vector<LabelledRow>& rows, double l2) {
    std::vector<std::string> groups;
    for (const auto& row : rows)
        if (std::find(groups.begin(), groups.end(), row.group) == groups.end()) groups.push_back(row.group);
    std::vector<double> logits(rows.size());
    for (const auto& group : groups) {
        std::vector<LabelledRow> others;
        for (const auto& row : rows)
            if (row.group != group) others.push_back(row);
        const auto fit = fit_logistic(others, l2);
        for (std::size_t i = 0; i < rows.size(); ++i)
            if (rows[i].group == group) logits[i] = fit.logit(rows[i].x);
    }
    return logits;
}

std::pair<double, double> fit_platt(const std::vector<double>& logits, const std::vector<int>& y) {
    double a = 1, b = 0, n = static_cast<double>(std::max<std::size_t>(1, logits.size()));
    // Newton steps on the two parameters: fast and exact enough for a 2-parameter convex problem.
    for (int iter = 0; iter < 100; ++iter) {
        double ga = 0, gb = 0, haa = 1e-9, hab = 0, hbb = 1e-9;
        for (std::size_t i = 0; i < logits.size(); ++i) {
            double p = logistic(a * logits[i] + b), e = p - y[i], w = p * (1 - p);
            ga += e * logits[i];
            gb += e;
            haa += w * logits[i] * logits[i];
            hab += w * logits[i];
            hbb += w;
        }
        double det = haa * hbb - hab * hab;
        if (det <= 1e-12) break;
        double da = (hbb * ga - hab * gb) / det, db = (haa * gb - hab * ga) / det;
        a -= da;
        b -= db;
        if (std::abs(da) + std::abs(db) < 1e-10 * n) break;
    }
    return {a, b};
}

double roc_auc(const std::vector<double>& scores, const std::vector<int>& labels) {
    double pairs = 0, wins = 0;
    for (std::size_t i = 0; i < scores.size(); ++i)
        for (std::size_t j = 0; j < scores.size(); ++j)
            if (labels[i] == 1 && labels[j] == 0) {
                pairs += 1;
                wins += scores[i] > scores[j] ? 1.0 : (scores[i] == scores[j] ? 0.5 : 0.0);
            }
    return pairs > 0 ? wins / pairs : 0.5;
}

}  // namespace vision
