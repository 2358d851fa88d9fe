#include "vision/identity_embedding.h"

#include <dlib/dnn.h>
#include <dlib/image_transforms.h>
#include <dlib/opencv/cv_image.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <span>
#include <spanstream>

// The decompressed model file, assembled into the library: vision/CMakeLists.txt unpacks
// assets/models/face_recognition_densenet_model_v1.dat.bz2 into the build tree and names it here, so
// the kiosk runs with no model file beside it.
asm(".section .rodata\n"
    ".balign 16\n"
    ".globl vision_identity_model_begin\n"
    ".hidden vision_identity_model_begin\n"
    "vision_identity_model_begin:\n"
    ".incbin \"" KIOSK_IDENTITY_MODEL "\"\n"
    ".globl vision_identity_model_end\n"
    ".hidden vision_identity_model_end\n"
    "vision_identity_model_end:\n"
    ".previous\n");
extern "C" const char vision_identity_model_begin[];
extern "C" const char vision_identity_model_end[];

namespace vision {
namespace {

// The network of face_recognition_densenet_model_v1.dat as BAREL's trainer defines it (Cydral/BAREL
// sources/FFssl_faces_densenet_model.cpp @8dc30ee, "feats_std"): a DenseNet with growth rate 16, dense
// blocks of 3, 6, 12 and 8 layers, ReLU, and a bias-free 128-unit projection of the pooled features.
// It was trained with bn_con; dlib loads those into affine layers, the fixed form for inference.
constexpr long growth = 16;

// Channels: the stem makes 2 * growth, each dense layer appends growth, each transition halves.
constexpr long after_block1 = 2 * growth + 3 * growth;
constexpr long after_block2 = after_block1 / 2 + 6 * growth;
constexpr long after_block3 = after_block2 / 2 + 12 * growth;

// Convolution padded by half its size: the output keeps the input's size divided by the stride.
template <long filters, long size, int stride, typename SUBNET>
using padded_con = dlib::add_layer<dlib::con_<filters, size, size, stride, stride, size / 2, size / 2>, SUBNET>;

template <typename SUBNET>
using norm_relu = dlib::relu<dlib::affine<SUBNET>>;

// 7x7 stride-2 convolution then 3x3 stride-2 max pooling: the 150 px chip becomes 38 px.
template <typename INPUT>
using stem = dlib::add_layer<dlib::max_pool_<3, 3, 2, 2, 1, 1>, norm_relu<padded_con<2 * growth, 7, 2, INPUT>>>;

// A 1x1 bottleneck to 4 * growth channels, a 3x3 convolution to growth new channels, appended to the input.
template <typename SUBNET>
using dense_layer = dlib::concat2<
    dlib::tag1, dlib::tag2,
    dlib::tag2<padded_con<growth, 3, 1, norm_relu<padded_con<4 * growth, 1, 1, norm_relu<dlib::tag1<SUBNET>>>>>>>;

// Between dense blocks: a 1x1 convolution to `filters` channels, then 2x2 average pooling.
template <long filters, typename SUBNET>
using transition = dlib::avg_pool<2, 2, 2, 2, padded_con<filters, 1, 1, norm_relu<SUBNET>>>;

using densenet_embedding = dlib::loss_metric<dlib::fc_no_bias<
    std::tuple_size_v<IdentityEmbedding>,
    dlib::avg_pool_everything<norm_relu<
        dlib::repeat<8, dense_layer, transition<after_block3 / 2,
        dlib::repeat<12, dense_layer, transition<after_block2 / 2,
        dlib::repeat<6, dense_layer, transition<after_block1 / 2,
        dlib::repeat<3, dense_layer, stem<dlib::input_rgb_image>>>>>>>>>>>>;

// The chip the model was trained and benchmarked on: dlib's 150 px face chip with 25 % padding.
constexpr unsigned long chip_size = 150;
constexpr double chip_padding = 0.25;

dlib::full_object_detection to_dlib(const Landmarks& landmarks) {
    std::vector<dlib::point> parts;
    parts.reserve(landmarks.size());
    for (const auto& p : landmarks) parts.emplace_back(std::lround(p.x), std::lround(p.y));
    dlib::rectangle bounds;
    for (const auto& p : parts) bounds += p;
    return dlib::full_object_detection(bounds, parts);
}

}  // namespace

struct IdentityEmbedder::Network {
    densenet_embedding net;
};

double identity_distance(const IdentityEmbedding& a, const IdentityEmbedding& b) {
    double sum = 0;
    for (std::size_t i = 0; i < a.size(); ++i) sum += (a[i] - b[i]) * (a[i] - b[i]);
    return std::sqrt(sum);
}

kiosk::Result<IdentityEmbedder> IdentityEmbedder::load(const IdentityModelOptions& options) {
    auto network = std::make_unique<Network>();
    const std::string source = options.model_path.empty() ? "the built-in identity model" : options.model_path;
    try {
        if (options.model_path.empty()) {
            std::ispanstream in(std::span<const char>(vision_identity_model_begin, vision_identity_model_end));
            dlib::deserialize(network->net, in);
        } else {
            std::error_code ec;
            if (!std::filesystem::is_regular_file(options.model_path, ec))
                return kiosk::fail("identity model not found: " + options.model_path);
            dlib::deserialize(options.model_path) >> network->net;
        }
    } catch (const std::exception& e) {
        return kiosk::fail("cannot read " + source + " (not dlib's DenseNet face model?): " + e.what());
    }
    return IdentityEmbedder(std::move(network));
}

IdentityEmbedder::IdentityEmbedder(std::unique_ptr<Network> network) : network_(std::move(network)) {}
IdentityEmbedder::IdentityEmbedder(IdentityEmbedder&&) noexcept = default;
IdentityEmbedder& IdentityEmbedder::operator=(IdentityEmbedder&&) noexcept = default;
IdentityEmbedder::~IdentityEmbedder() = default;

IdentityEmbedding IdentityEmbedder::embed(const cv::Mat& bgr, const Landmarks& landmarks) {
    dlib::cv_image<dlib::bgr_pixel> image(cvIplImage(bgr));
    dlib::matrix<dlib::rgb_pixel> chip;
    dlib::extract_image_chip(image, dlib::get_face_chip_details(to_dlib(landmarks), chip_size, chip_padding), chip);
    const dlib::matrix<float, 0, 1> output = network_->net(chip);
    IdentityEmbedding embedding{};
    std::copy(output.begin(), output.end(), embedding.begin());
    return embedding;
}

}  // namespace vision
