// Builds EDID blobs byte by byte for the tests (and the benchmark), so that every field a test
// checks was put there on purpose. Defaults: EDID 1.3, digital input, 53x30 cm, valid checksums.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::test {

struct TimingSpec {
    std::uint32_t pixel_clock_khz;
    std::uint16_t h_active, h_blanking, h_front_porch, h_sync_width;
    std::uint16_t v_active, v_blanking, v_front_porch, v_sync_width;
    std::uint16_t width_mm = 0, height_mm = 0;
    std::uint8_t flags = 0x1E;  // digital separate sync, +h +v
};

inline constexpr TimingSpec mode_1080p60{148'500, 1920, 280, 88, 44, 1080, 45, 4, 5, 531, 299};
inline constexpr TimingSpec mode_1080p30{74'250, 1920, 280, 88, 44, 1080, 45, 4, 5, 0, 0};
inline constexpr TimingSpec mode_720p60{74'250, 1280, 370, 110, 40, 720, 30, 5, 5, 531, 299};
inline constexpr TimingSpec mode_1080p60_rb{138'500, 1920, 160, 48, 32, 1080, 31, 3, 5, 531, 299, 0x1A};

class EdidBuilder {
public:
    EdidBuilder();

    EdidBuilder& manufacturer(std::string_view three_letters);
    EdidBuilder& product(std::uint16_t code);
    EdidBuilder& serial(std::uint32_t number);
    EdidBuilder& date(std::uint8_t week, std::uint16_t year);
    EdidBuilder& version(std::uint8_t major, std::uint8_t minor);
    EdidBuilder& size_cm(std::uint8_t width, std::uint8_t height);
    EdidBuilder& timing(int slot, const TimingSpec& spec);
    EdidBuilder& text(int slot, std::uint8_t tag, std::string_view value);  // 0xFC name, 0xFF serial, 0xFE text
    EdidBuilder& name(int slot, std::string_view value) { return text(slot, 0xFC, value); }
    EdidBuilder& serial_string(int slot, std::string_view value) { return text(slot, 0xFF, value); }
    EdidBuilder& range(int slot, std::uint8_t min_v, std::uint8_t max_v, std::uint8_t min_h, std::uint8_t max_h,
                       std::uint16_t max_clock_mhz, std::uint8_t offsets = 0);
    // A CTA-861 revision 3 extension with these data blocks (each already with its header byte) and DTDs.
    EdidBuilder& cta(const std::vector<std::vector<std::uint8_t>>& data_blocks, const std::vector<TimingSpec>& timings = {},
                     std::uint8_t flags = 0x70);
    EdidBuilder& extension(const std::array<std::uint8_t, 128>& block);  // taken as is (checksum fixed)
    // Byte 126 as given instead of the number of extensions added.
    EdidBuilder& declared_extensions(std::uint8_t count);

    std::vector<std::uint8_t> bytes() const;  // checksums fixed
    std::string text_bytes() const;           // the same, as a std::string for files

private:
    std::array<std::uint8_t, 128> base_{};
    std::vector<std::array<std::uint8_t, 128>> extensions_;
    int declared_ = -1;
};

// CTA data blocks.
std::vector<std::uint8_t> video_block(const std::vector<std::uint8_t>& codes);  // raw SVD bytes (bit 7 = native)
std::vector<std::uint8_t> hdmi_block(std::uint16_t max_tmds_mhz);
std::vector<std::uint8_t> audio_block_lpcm_2ch();

// Lower-case hex of `bytes`, `per_line` bytes per line, optional separator between bytes and line indent.
std::string hex_lines(const std::vector<std::uint8_t>& bytes, std::size_t per_line, std::string_view separator,
                      std::string_view indent);

}  // namespace kiosk::test
