// Does the face stay one person through the session? A live face swap holds the swapped identity on a
// frontal face but loses it for a few frames when the head turns to profile, a hand crosses the face
// or the motion is fast, and the real person shows through. Every short run of frames is compared
// with the person's own frontal baseline from the same session.
#pragma once
#include <cstddef>
#include <span>

#include "media/signal.h"
#include "vision/identity_embedding.h"

namespace vision {

// One tracked frame. The embedding stays in memory: it is never written to disk, ledger or export.
struct IdentityFrame {
    double t = 0;                   // seconds from the first frame
    IdentityEmbedding embedding{};
    double yaw_deg = 0;             // HeadPose::yaw_deg of the whole face
    bool challenge_active = false;  // a challenge (turn, cover the face…) asked for this motion
};

// Frames turned less than this make the baseline: the swap holds best, and the model is most exact.
inline constexpr double identity_frontal_yaw_deg = 20.0;
// Consecutive frames averaged: a swap that drops for 3 frames out of 4 shows, one bad chip does not.
inline constexpr std::size_t identity_window_frames = 4;
// Consecutive frames of a run are at most this far apart (further: the track was lost between them).
inline constexpr double identity_max_gap_s = 0.6;
// How often the analyser embeds a usable face: densely while a challenge (turn, cover the face…) is
// asked for, where a swap slips for a few frames; sparsely otherwise, which still catches a face that
// changes identity for a second or more (the model costs about 75 ms per face on one core).
inline constexpr double identity_challenge_interval_s = 0.1;
inline constexpr double identity_interval_s = 0.5;
// dlib's same-person distance (0.55) holds between two faces; the baseline is the centre of one
// person's faces, and their frames scatter about 0.2-0.25 around it (medians on the shared clips). In 128-D
// that scatter is nearly orthogonal to the offset between two people, so a face 0.55 from the person's
// frames lies about sqrt(0.55^2 - 0.25^2) = 0.49 from their centre; 0.45 leaves room for a face that is
// only partly the other person (a half-lost swap), above the 0.38 that 4-frame runs of one person reach.
inline constexpr double identity_jump_threshold = 0.45;

// "identity.jump": the largest mean distance from the frontal baseline over any run of
// identity_window_frames consecutive frames, in the model's distance units (at or above
// identity_jump_threshold: another identity showed through).
media::Signal identity_jump(std::span<const IdentityFrame> frames);

}  // namespace vision
