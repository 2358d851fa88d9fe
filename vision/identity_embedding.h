// Who a face is, as a point in the space of dlib's DenseNet face-recognition model (BAREL, CC0):
// faces of one person lie close together, so a jump in this space means another face showed through.
// The model is built into the binary; embeddings are kept in memory only, never stored.
#pragma once
#include <array>
#include <memory>
#include <string>

#include <opencv2/core.hpp>

#include "core/result.h"
#include "vision/face_model.h"

namespace vision {

using IdentityEmbedding = std::array<float, 128>;

// dlib's documented threshold for this model: two faces closer than this are the same person
// (96.1 % on LFW, models README).
inline constexpr double same_person_distance = 0.55;

// Euclidean distance, the metric the model was trained for.
double identity_distance(const IdentityEmbedding& a, const IdentityEmbedding& b);

struct IdentityModelOptions {
    std::string model_path;  // an uncompressed dlib .dat of the same network; empty: the built-in model
};

class IdentityEmbedder {
public:
    // Deserialises the network; a wrong or unreadable file is an error, not an exception.
    static kiosk::Result<IdentityEmbedder> load(const IdentityModelOptions& options = {});
    IdentityEmbedder(IdentityEmbedder&&) noexcept;
    IdentityEmbedder& operator=(IdentityEmbedder&&) noexcept;
    ~IdentityEmbedder();

    // `bgr`: the 8-bit colour frame; `landmarks`: the tracker's 68 points in its pixels.
    IdentityEmbedding embed(const cv::Mat& bgr, const Landmarks& landmarks);

private:
    struct Network;
    explicit IdentityEmbedder(std::unique_ptr<Network> network);
    std::unique_ptr<Network> network_;
};

}  // namespace vision
