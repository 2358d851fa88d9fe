// Fitting the fusion: L2-regularised logistic regression and Platt scaling (used by the training
// program; kept in the library so that the calibration is tested).
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace vision {

struct LogisticFit {
    std::vector<double> weights;
    double bias = 0;
    double logit(const std::vector<double>& x) const;
};

// Full-batch gradient descent on the mean log-loss + l2/2 |w|^2.
LogisticFit fit_logistic(const std::vector<std::vector<double>>& x, const std::vector<int>& y, double l2);

// One labelled example and where it came from (a source file, an identity): cross-validation holds
// out whole groups, so no example is scored by a fit that saw its source.
struct LabelledRow {
    std::vector<double> x;
    int label = 0;
    std::string group;
};
LogisticFit fit_logistic(const std::vector<LabelledRow>& rows, double l2);
// Each row's logit from a fit on the other groups only (leave one group out).
std::vector<double> held_out_logits(const std::vector<LabelledRow>& rows, double l2);

// Platt scaling: (a, b) such that logistic(a * logit + b) is calibrated on these held-out logits.
std::pair<double, double> fit_platt(const std::vector<double>& logits, const std::vector<int>& y);

// Area under the ROC curve of `scores` for the positives (label 1); ties count half.
double roc_auc(const std::vector<double>& scores, const std::vector<int>& labels);

}  // namespace vision
