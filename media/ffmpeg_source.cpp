// FrameSource on libavformat/libavdevice/libavcodec/libswscale. Every blocking FFmpeg call runs
// under a deadline checked by the interrupt callback, so neither a silent network peer nor a file
// that stops delivering can hang us (resolve_source keeps FIFOs out: they block inside open(2)).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <mutex>
#include <thread>

#include "media/frame_source.h"
#include "media/reconnect_backoff.h"
#include "media/source_spec.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavdevice/avdevice.h>
#include <libavformat/avformat.h>
#include <libavutil/imgutils.h>
#include <libswscale/swscale.h>
}

namespace media {
namespace {

using Clock = std::chrono::steady_clock;

// Shortest readable form of a number: 30, 29.97, 0.5.
std::string number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.4g", value);
    return text;
}

std::string av_error_text(int code) {
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, text, sizeof text);
    return text;
}

void init_ffmpeg_once() {
    static std::once_flag once;
    std::call_once(once, [] {
        av_log_set_level(AV_LOG_QUIET);  // errors reach the user as our own one-line messages
        avdevice_register_all();
    });
}

// Deadline for the blocking call in progress; FFmpeg polls it through the interrupt callback.
struct Watchdog {
    Clock::time_point deadline = Clock::time_point::max();
    bool expired = false;

    void arm(double seconds) {
        expired = false;
        deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    }
    void disarm() { deadline = Clock::time_point::max(); }
    static int poll(void* self) {
        auto* watchdog = static_cast<Watchdog*>(self);
        if (Clock::now() < watchdog->deadline) return 0;
        watchdog->expired = true;
        return 1;
    }
};

struct FormatCloser {
    void operator()(AVFormatContext* context) const { avformat_close_input(&context); }
};
struct CodecCloser {
    void operator()(AVCodecContext* context) const { avcodec_free_context(&context); }
};
struct PacketFree {
    void operator()(AVPacket* packet) const { av_packet_free(&packet); }
};
struct FrameFree {
    void operator()(AVFrame* frame) const { av_frame_free(&frame); }
};
struct ScaleFree {
    void operator()(SwsContext* context) const { sws_freeContext(context); }
};

// Frames the analysis can work on. Its checks scale frames down by whole factors to at most 640 px
// wide; a frame far wider than tall (16384x16) would shrink to nothing, a huge one costs gigabytes.
constexpr int min_frame_side = 16, max_frame_side = 8192, max_aspect_ratio = 8;

kiosk::Result<void> check_frame_size(const std::string& source, int width, int height) {
    const int short_side = std::min(width, height), long_side = std::max(width, height);
    if (short_side >= min_frame_side && long_side <= max_frame_side && long_side <= max_aspect_ratio * short_side)
        return {};
    return kiosk::fail(source + ": " + std::to_string(width) + "x" + std::to_string(height) +
                       " frames cannot be analysed (each side must be " + std::to_string(min_frame_side) + " to " +
                       std::to_string(max_frame_side) + " px, the long side at most " +
                       std::to_string(max_aspect_ratio) + " times the short one)");
}

class FfmpegSource final : public FrameSource {
public:
    FfmpegSource(SourceSpec spec, SourceOptions options) : spec_(std::move(spec)), options_(std::move(options)) {}

    kiosk::Result<void> open() {
        format_.reset();
        codec_.reset();
        AVFormatContext* raw = avformat_alloc_context();
        if (!raw) return kiosk::fail(kiosk::ErrorKind::internal, "out of memory opening " + spec_.text);
        raw->interrupt_callback = AVIOInterruptCB{&Watchdog::poll, &watchdog_};

        AVDictionary* dictionary = nullptr;
        apply_options(&dictionary);
        const AVInputFormat* input_format = nullptr;
        if (!spec_.input_format.empty()) {
            input_format = av_find_input_format(spec_.input_format.c_str());
            if (!input_format) {
                av_dict_free(&dictionary);
                avformat_free_context(raw);
                return kiosk::fail(spec_.text + ": this FFmpeg has no '" + spec_.input_format + "' input");
            }
        }
        arm();
        int status = avformat_open_input(&raw, spec_.url.c_str(), input_format, &dictionary);
        av_dict_free(&dictionary);
        if (status < 0) return fail_with("cannot open", status);  // avformat_open_input freed `raw`
        format_.reset(raw);

        arm();
        status = avformat_find_stream_info(format_.get(), nullptr);
        if (status < 0) return fail_with("cannot read stream information from", status);
        watchdog_.disarm();

        stream_index_ = av_find_best_stream(format_.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
        if (stream_index_ < 0) return kiosk::fail(spec_.text + ": no video stream");
        AVStream* stream = format_->streams[stream_index_];
        const AVCodec* decoder = avcodec_find_decoder(stream->codecpar->codec_id);
        if (!decoder) {
            const char* name = avcodec_get_name(stream->codecpar->codec_id);
            return kiosk::fail(spec_.text + ": unsupported video codec '" + (name ? name : "unknown") + "'");
        }
        AVCodecContext* codec = avcodec_alloc_context3(decoder);
        if (!codec) return kiosk::fail(kiosk::ErrorKind::internal, "out of memory opening " + spec_.text);
        codec_.reset(codec);
        if (avcodec_parameters_to_context(codec, stream->codecpar) < 0)
            return kiosk::fail(spec_.text + ": bad codec parameters");
        codec->thread_count = std::max(1, options_.threads);
        codec->pkt_timebase = stream->time_base;
        status = avcodec_open2(codec, decoder, nullptr);
        if (status < 0) return fail_with("cannot open the decoder for", status);

        const AVCodecDescriptor* traits = avcodec_descriptor_get(stream->codecpar->codec_id);
        intra_only_ = traits && (traits->props & AV_CODEC_PROP_INTRA_ONLY);
        lossy_ = traits && (traits->props & AV_CODEC_PROP_LOSSY);
        if (codec->width > 0 && codec->height > 0) {
            if (auto usable = check_frame_size(spec_.text, codec->width, codec->height); !usable)
                return std::unexpected(usable.error());
        }
        time_base_ = av_q2d(stream->time_base);
        AVRational rate = stream->avg_frame_rate.num > 0 ? stream->avg_frame_rate : stream->r_frame_rate;
        fps_ = rate.num > 0 && rate.den > 0 ? av_q2d(rate) : 0;
        duration_seconds_ = format_->duration > 0 ? static_cast<double>(format_->duration) / AV_TIME_BASE : 0;
        description_ = std::string(to_string(spec_.kind)) + " " + spec_.text + " (" + decoder->name + " " +
                       std::to_string(codec->width) + "x" + std::to_string(codec->height) + " " + number(fps_) + " fps)";
        draining_ = false;
        return {};
    }

    kiosk::Result<std::optional<Frame>> next() override {
        while (true) {
            auto frame = read_one();
            if (frame || !is_live(spec_.kind) || !options_.reconnect || frame.error().kind != kiosk::ErrorKind::lost)
                return frame;
            auto reopened = reconnect(frame.error());
            if (!reopened) return std::unexpected(reopened.error());
        }
    }

    std::string describe() const override { return description_; }
    double nominal_fps() const override { return fps_; }
    SourceStats stats() const override { return stats_; }

private:
    void apply_options(AVDictionary** dictionary) const {
        bool sized = options_.width > 0 && options_.height > 0;
        std::string size = std::to_string(options_.width) + "x" + std::to_string(options_.height);
        switch (spec_.kind) {
            case SourceKind::file: break;
            case SourceKind::camera:
                if (sized) av_dict_set(dictionary, "video_size", size.c_str(), 0);
                if (options_.fps > 0) av_dict_set(dictionary, "framerate", number(options_.fps).c_str(), 0);
                if (!options_.pixel_format.empty())
                    av_dict_set(dictionary, "input_format", options_.pixel_format.c_str(), 0);
                break;
            case SourceKind::network: {
                auto micros = std::to_string(static_cast<long long>(options_.timeout_seconds * 1e6));
                av_dict_set(dictionary, "rw_timeout", micros.c_str(), 0);
                break;
            }
            case SourceKind::screen:
                av_dict_set(dictionary, "video_size", (std::to_string(spec_.width) + "x" + std::to_string(spec_.height)).c_str(), 0);
                av_dict_set(dictionary, "framerate", number(options_.fps > 0 ? options_.fps : 30.0).c_str(), 0);
                av_dict_set(dictionary, "draw_mouse", "0", 0);
                break;
        }
    }

    // Every blocking call of every kind of source gets the timeout.
    void arm() { watchdog_.arm(options_.timeout_seconds); }

    std::unexpected<kiosk::Error> fail_with(std::string_view what, int status) const {
        if (watchdog_.expired)
            return kiosk::fail(kiosk::ErrorKind::timeout, std::string(what) + " " + spec_.text + ": no answer within " +
                                                              number(options_.timeout_seconds) + " s");
        const auto kind = status == AVERROR(ENOENT) ? kiosk::ErrorKind::not_found : kiosk::ErrorKind::bad_input;
        return kiosk::fail(kind, std::string(what) + " " + spec_.text + ": " + av_error_text(status));
    }

    kiosk::Result<std::optional<Frame>> read_one() {
        if (!format_) return kiosk::fail(kiosk::ErrorKind::lost, "lost " + spec_.text);
        while (true) {
            int status = avcodec_receive_frame(codec_.get(), decoded_.get());
            if (status == 0) return convert();
            if (status == AVERROR_EOF) return end_of_stream();
            if (status != AVERROR(EAGAIN)) return fail_with("cannot decode", status);
            if (draining_) return end_of_stream();

            arm();
            status = av_read_frame(format_.get(), packet_.get());
            watchdog_.disarm();
            if (status == AVERROR_EOF && !is_live(spec_.kind)) {
                draining_ = true;
                avcodec_send_packet(codec_.get(), nullptr);
                continue;
            }
            if (status < 0) {
                if (!is_live(spec_.kind)) return fail_with("cannot read", status);
                std::string reason = watchdog_.expired ? "no data for " + number(options_.timeout_seconds) + " s"
                                                       : av_error_text(status);
                return kiosk::fail(kiosk::ErrorKind::lost, "lost " + spec_.text + ": " + reason);
            }
            if (packet_->stream_index == stream_index_) {
                ++packets_;
                if (avcodec_send_packet(codec_.get(), packet_.get()) < 0) ++stats_.corrupt_packets;
            }
            av_packet_unref(packet_.get());
        }
    }

    kiosk::Result<std::optional<Frame>> end_of_stream() {
        if (stats_.frames == 0)
            return kiosk::fail(spec_.text + ": no decodable video frames (corrupt, truncated or not a video)");
        // A container that declares its length but ends well before it was cut short.
        if (duration_seconds_ > 1 && !std::isnan(last_pts_) && last_pts_ - first_pts_ < 0.8 * duration_seconds_ - 0.5)
            return kiosk::fail(spec_.text + ": truncated (video ends at " + number(last_pts_ - first_pts_) +
                               " s of a declared " + number(duration_seconds_) + " s)");
        if (packets_ > 0 && stats_.corrupt_packets * 2 > packets_)
            return kiosk::fail(spec_.text + ": corrupt (" + std::to_string(stats_.corrupt_packets) + " of " +
                               std::to_string(packets_) + " video packets could not be decoded)");
        return std::optional<Frame>{};
    }

    kiosk::Result<std::optional<Frame>> convert() {
        AVFrame* source = decoded_.get();
        if (source->width <= 0 || source->height <= 0) return kiosk::fail(spec_.text + ": frame without a size");
        // The size may change mid-stream (a camera switching modes, a spliced file).
        if (auto usable = check_frame_size(spec_.text, source->width, source->height); !usable)
            return std::unexpected(usable.error());
        scaler_.reset(sws_getCachedContext(scaler_.release(), source->width, source->height,
                                           static_cast<AVPixelFormat>(source->format), source->width, source->height,
                                           AV_PIX_FMT_BGR24, SWS_BILINEAR, nullptr, nullptr, nullptr));
        if (!scaler_) return kiosk::fail(spec_.text + ": cannot convert its pixel format to BGR");
        Frame frame;
        // swscale's SIMD writers run a few bytes past the end of a row; rows overrun into the next
        // (written afterwards), and a spare row takes the last row's overrun.
        cv::Mat padded(source->height + 1, source->width, CV_8UC3);
        frame.bgr = padded.rowRange(0, source->height);
        uint8_t* planes[4] = {frame.bgr.data, nullptr, nullptr, nullptr};
        int strides[4] = {static_cast<int>(frame.bgr.step[0]), 0, 0, 0};
        sws_scale(scaler_.get(), source->data, source->linesize, 0, source->height, planes, strides);
        frame.arrival = Clock::now();
        frame.index = stats_.frames;
        frame.lossy_coded = lossy_;
        frame.predicted = !intra_only_ && source->pict_type != AV_PICTURE_TYPE_I &&
                          source->pict_type != AV_PICTURE_TYPE_NONE;
        std::int64_t timestamp = source->best_effort_timestamp;
        frame.pts_seconds = timestamp == AV_NOPTS_VALUE ? std::nan("") : static_cast<double>(timestamp) * time_base_;
        count_timing(frame.pts_seconds);
        av_frame_unref(source);
        ++stats_.frames;
        return std::optional<Frame>{std::move(frame)};
    }

    void count_timing(double pts) {
        if (std::isnan(pts)) return;
        if (stats_.frames == 0 || std::isnan(first_pts_)) first_pts_ = pts;
        if (!std::isnan(last_pts_)) {
            double delta = pts - last_pts_;
            if (delta == 0) ++stats_.duplicated;
            else if (fps_ > 0 && delta > 1.5 / fps_) stats_.dropped += std::llround(delta * fps_) - 1;
        }
        last_pts_ = pts;
    }

    kiosk::Result<void> reconnect(const kiosk::Error& lost) {
        ReconnectBackoff backoff(0.25, 4.0, options_.reconnect_give_up_seconds);
        format_.reset();
        while (auto wait = backoff.next_wait()) {
            std::this_thread::sleep_for(std::chrono::duration<double>(*wait));
            if (open()) {
                ++stats_.reconnects;
                last_pts_ = std::nan("");
                return {};
            }
        }
        return kiosk::fail(kiosk::ErrorKind::lost,
                           lost.message + "; gave up reconnecting after " + number(options_.reconnect_give_up_seconds) + " s");
    }

    SourceSpec spec_;
    SourceOptions options_;
    Watchdog watchdog_;
    std::unique_ptr<AVFormatContext, FormatCloser> format_;
    std::unique_ptr<AVCodecContext, CodecCloser> codec_;
    std::unique_ptr<AVPacket, PacketFree> packet_{av_packet_alloc()};
    std::unique_ptr<AVFrame, FrameFree> decoded_{av_frame_alloc()};
    std::unique_ptr<SwsContext, ScaleFree> scaler_;
    int stream_index_ = -1;
    double time_base_ = 0, fps_ = 0, duration_seconds_ = 0;
    double first_pts_ = std::nan(""), last_pts_ = std::nan("");
    std::int64_t packets_ = 0;
    bool draining_ = false;
    bool lossy_ = false;      // the codec itself leaves compression traces (H.264, MJPEG, ...)
    bool intra_only_ = true;  // every picture stands alone (raw, FFV1, MJPEG): nothing is copied from a reference
    std::string description_;
    SourceStats stats_;
};

}  // namespace

kiosk::Result<std::unique_ptr<FrameSource>> open_source(const std::string& text, const SourceOptions& options) {
    init_ffmpeg_once();
    auto spec = resolve_source(text);
    if (!spec) return std::unexpected(spec.error());
    if (options.timeout_seconds <= 0) return kiosk::fail("the source timeout must be positive");
    auto source = std::make_unique<FfmpegSource>(std::move(*spec), options);
    if (auto opened = source->open(); !opened) return std::unexpected(opened.error());
    return std::unique_ptr<FrameSource>(std::move(source));
}

}  // namespace media
