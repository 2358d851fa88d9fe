#include "edid_builder.h"

#include <algorithm>

namespace kiosk::test {
namespace {

std::uint8_t checksum_byte(const std::array<std::uint8_t, 128>& block) {
    unsigned sum = 0;
    for (std::size_t i = 0; i < 127; ++i) sum += block[i];
    return static_cast<std::uint8_t>((256 - sum % 256) % 256);
}

std::uint8_t lo(std::size_t value) { return static_cast<std::uint8_t>(value & 0xFF); }

void put_timing(std::uint8_t* d, const TimingSpec& t) {
    const unsigned clock = t.pixel_clock_khz / 10;
    d[0] = lo(clock);
    d[1] = lo(clock >> 8);
    d[2] = lo(t.h_active);
    d[3] = lo(t.h_blanking);
    d[4] = lo(((t.h_active >> 8) << 4) | (t.h_blanking >> 8));
    d[5] = lo(t.v_active);
    d[6] = lo(t.v_blanking);
    d[7] = lo(((t.v_active >> 8) << 4) | (t.v_blanking >> 8));
    d[8] = lo(t.h_front_porch);
    d[9] = lo(t.h_sync_width);
    d[10] = lo(((t.v_front_porch & 0x0F) << 4) | (t.v_sync_width & 0x0F));
    d[11] = lo(((t.h_front_porch >> 8) << 6) | ((t.h_sync_width >> 8) << 4) | ((t.v_front_porch >> 4) << 2) |
               (t.v_sync_width >> 4));
    d[12] = lo(t.width_mm);
    d[13] = lo(t.height_mm);
    d[14] = lo(((t.width_mm >> 8) << 4) | (t.height_mm >> 8));
    d[15] = 0;
    d[16] = 0;
    d[17] = t.flags;
}

}  // namespace

EdidBuilder::EdidBuilder() {
    const std::array<std::uint8_t, 8> header{0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00};
    std::ranges::copy(header, base_.begin());
    manufacturer("KSK").product(0x1001).serial(0x00012345).date(10, 2020).version(1, 3).size_cm(53, 30);
    base_[20] = 0x80;  // digital
    base_[23] = 120;   // gamma 2.2
    base_[24] = 0x0A;  // RGB, preferred timing native
    const std::array<std::uint8_t, 10> chroma{0xEE, 0x91, 0xA3, 0x54, 0x4C, 0x99, 0x26, 0x0F, 0x50, 0x54};
    std::ranges::copy(chroma, base_.begin() + 25);
    base_[35] = 0x21;  // 640x480@60, 800x600@60
    for (std::size_t i = 38; i < 54; ++i) base_[i] = 0x01;
    for (int slot = 0; slot < 4; ++slot) {  // dummy descriptors until set
        auto* d = base_.data() + 54 + 18 * slot;
        std::fill(d, d + 18, std::uint8_t{0});
        d[3] = 0x10;
    }
}

EdidBuilder& EdidBuilder::manufacturer(std::string_view letters) {
    const unsigned id = ((letters[0] - 'A' + 1u) << 10) | ((letters[1] - 'A' + 1u) << 5) | (letters[2] - 'A' + 1u);
    base_[8] = lo(id >> 8);
    base_[9] = lo(id);
    return *this;
}

EdidBuilder& EdidBuilder::product(std::uint16_t code) {
    base_[10] = lo(code);
    base_[11] = lo(code >> 8);
    return *this;
}

EdidBuilder& EdidBuilder::serial(std::uint32_t number) {
    for (int i = 0; i < 4; ++i) base_[12 + static_cast<std::size_t>(i)] = lo(number >> (8 * i));
    return *this;
}

EdidBuilder& EdidBuilder::date(std::uint8_t week, std::uint16_t year) {
    base_[16] = week;
    base_[17] = lo(year - 1990u);
    return *this;
}

EdidBuilder& EdidBuilder::version(std::uint8_t major, std::uint8_t minor) {
    base_[18] = major;
    base_[19] = minor;
    return *this;
}

EdidBuilder& EdidBuilder::size_cm(std::uint8_t width, std::uint8_t height) {
    base_[21] = width;
    base_[22] = height;
    return *this;
}

EdidBuilder& EdidBuilder::timing(int slot, const TimingSpec& spec) {
    put_timing(base_.data() + 54 + 18 * slot, spec);
    return *this;
}

EdidBuilder& EdidBuilder::text(int slot, std::uint8_t tag, std::string_view value) {
    auto* d = base_.data() + 54 + 18 * slot;
    std::fill(d, d + 18, std::uint8_t{0});
    d[3] = tag;
    std::size_t i = 0;
    for (; i < value.size() && i < 13; ++i) d[5 + i] = static_cast<std::uint8_t>(value[i]);
    if (i < 13) d[5 + i++] = 0x0A;
    for (; i < 13; ++i) d[5 + i] = 0x20;
    return *this;
}

EdidBuilder& EdidBuilder::range(int slot, std::uint8_t min_v, std::uint8_t max_v, std::uint8_t min_h, std::uint8_t max_h,
                                std::uint16_t max_clock_mhz, std::uint8_t offsets) {
    auto* d = base_.data() + 54 + 18 * slot;
    std::fill(d, d + 18, std::uint8_t{0});
    d[3] = 0xFD;
    d[4] = offsets;
    d[5] = min_v;
    d[6] = max_v;
    d[7] = min_h;
    d[8] = max_h;
    d[9] = lo(max_clock_mhz / 10);
    d[10] = 0x00;
    d[11] = 0x0A;
    for (std::size_t i = 12; i < 18; ++i) d[i] = 0x20;
    return *this;
}

EdidBuilder& EdidBuilder::cta(const std::vector<std::vector<std::uint8_t>>& data_blocks, const std::vector<TimingSpec>& timings,
                              std::uint8_t flags) {
    std::array<std::uint8_t, 128> block{};
    block[0] = 0x02;
    block[1] = 0x03;
    std::size_t at = 4;
    for (const auto& data : data_blocks) {
        std::ranges::copy(data, block.begin() + static_cast<std::ptrdiff_t>(at));
        at += data.size();
    }
    block[2] = lo(at);
    block[3] = flags;
    for (const auto& t : timings) {
        put_timing(block.data() + at, t);
        at += 18;
    }
    extensions_.push_back(block);
    return *this;
}

EdidBuilder& EdidBuilder::extension(const std::array<std::uint8_t, 128>& block) {
    extensions_.push_back(block);
    return *this;
}

EdidBuilder& EdidBuilder::declared_extensions(std::uint8_t count) {
    declared_ = count;
    return *this;
}

std::vector<std::uint8_t> EdidBuilder::bytes() const {
    auto base = base_;
    base[126] = declared_ >= 0 ? lo(static_cast<unsigned>(declared_)) : lo(extensions_.size());
    base[127] = checksum_byte(base);
    std::vector<std::uint8_t> out(base.begin(), base.end());
    for (auto block : extensions_) {
        if (std::ranges::any_of(block, [](std::uint8_t b) { return b != 0; })) block[127] = checksum_byte(block);
        out.insert(out.end(), block.begin(), block.end());
    }
    return out;
}

std::string EdidBuilder::text_bytes() const {
    const auto b = bytes();
    return {b.begin(), b.end()};
}

std::vector<std::uint8_t> video_block(const std::vector<std::uint8_t>& codes) {
    std::vector<std::uint8_t> block;
    block.push_back(lo(0x40 | codes.size()));
    for (auto code : codes) block.push_back(code);
    return block;
}

std::vector<std::uint8_t> hdmi_block(std::uint16_t max_tmds_mhz) {
    return {0x67, 0x03, 0x0C, 0x00, 0x10, 0x00, 0x00, lo(max_tmds_mhz / 5)};
}

std::vector<std::uint8_t> audio_block_lpcm_2ch() { return {0x23, 0x09, 0x07, 0x07}; }

std::string hex_lines(const std::vector<std::uint8_t>& bytes, std::size_t per_line, std::string_view separator,
                      std::string_view indent) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string text;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i % per_line == 0) text += indent;
        text += digits[bytes[i] >> 4];
        text += digits[bytes[i] & 0x0F];
        text += (i % per_line == per_line - 1 || i + 1 == bytes.size()) ? std::string("\n") : std::string(separator);
    }
    return text;
}

}  // namespace kiosk::test
