// Shared by the crop exporter and the evaluation program: reading clips and stills as frames.
#pragma once
#include <filesystem>
#include <vector>

#include "media/frame.h"

namespace vision::training {

// Up to `max_frames` frames of a video (OpenCV's decoder) or one still image.
std::vector<media::Frame> read_media(const std::filesystem::path& path, int max_frames);

}  // namespace vision::training
