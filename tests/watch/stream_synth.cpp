#include "stream_synth.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace kiosk::test::synth {

using host::AxisRange;
using host::DeviceKind;
using host::InputDevice;
using host::InputEvent;
using host::InputEventType;
using host::InputStream;

namespace {

// splitmix64: the same numbers on every platform and standard library.
class Rng {
public:
    explicit Rng(std::uint64_t seed) : state_(seed) {}
    double uniform(double low, double high) { return low + (high - low) * double(next() >> 11) / double(1ULL << 53); }
    int integer(int low, int high) { return low + int(next() % std::uint64_t(high - low + 1)); }
    bool chance(double p) { return uniform(0, 1) < p; }

private:
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    std::uint64_t state_;
};

constexpr AxisRange hid_abs{0, 32767};  // the 16-bit absolute range KVM gadgets declare (kvm.md §3)

InputDevice device(std::string id, DeviceKind kind, std::string name, bool initial) {
    InputDevice out;
    out.path = "/dev/input/" + id;
    out.id = std::move(id);
    out.kind = kind;
    out.name = std::move(name);
    out.initial = initial;
    return out;
}

InputDevice laptop_keyboard() {
    auto out = device("event0", DeviceKind::builtin_keyboard, "AT Translated Set 2 keyboard", true);
    out.keys = true;
    return out;
}

InputDevice laptop_touchpad() {
    auto out = device("event1", DeviceKind::builtin_touchpad, "SYNA32B8:00 06CB:CE7D Touchpad", true);
    out.keys = out.absolute = out.touch = true;
    out.x = {0, 1236};
    out.y = {0, 868};
    return out;
}

InputDevice usb_mouse(std::string id, bool initial) {
    auto out = device(std::move(id), DeviceKind::usb, "Logitech USB Optical Mouse", initial);
    out.keys = out.relative = true;
    return out;
}

InputDevice kvm_keyboard(std::string id, std::string name, bool initial) {
    auto out = device(std::move(id), DeviceKind::usb, std::move(name), initial);
    out.keys = true;
    return out;
}

InputDevice kvm_pointer(std::string id, std::string name, bool initial, bool absolute = true) {
    auto out = device(std::move(id), DeviceKind::usb, std::move(name), initial);
    out.keys = true;
    out.absolute = absolute;
    out.relative = !absolute;
    if (absolute) out.x = out.y = hid_abs;
    return out;
}

// Collects events from several actors, then orders them by time (devices first at equal times).
class Builder {
public:
    void add(double t, const InputDevice& added) {
        InputEvent event;
        event.time = t;
        event.type = InputEventType::device_added;
        event.device = added.id;
        event.added = added;
        push(std::move(event));
    }
    void key(double t, const std::string& id) { push(make(t, InputEventType::key, id)); }
    void rel(double t, const std::string& id, int dx, int dy) {
        auto event = make(t, InputEventType::rel, id);
        event.dx = dx;
        event.dy = dy;
        push(std::move(event));
    }
    void abs(double t, const std::string& id, int x, int y) {
        auto event = make(t, InputEventType::abs, id);
        event.x = x;
        event.y = y;
        push(std::move(event));
    }
    InputStream finish() {
        std::stable_sort(events_.begin(), events_.end(), [](const InputEvent& a, const InputEvent& b) {
            if (a.time != b.time) return a.time < b.time;
            return a.type == InputEventType::device_added && b.type != InputEventType::device_added;
        });
        return std::move(events_);
    }

private:
    static InputEvent make(double t, InputEventType type, const std::string& id) {
        InputEvent event;
        event.time = t;
        event.type = type;
        event.device = id;
        return event;
    }
    void push(InputEvent event) {
        event.time = std::round(event.time * 1e6) / 1e6;  // what a recording keeps
        events_.push_back(std::move(event));
    }
    InputStream events_;
};

// Typing: words of 2–9 keys 60–280 ms apart, gaps between words, pauses to think. Returns the end.
double type_text(Builder& out, Rng& rng, const std::string& id, double t, double until) {
    while (t < until) {
        int letters = rng.integer(2, 9);
        for (int i = 0; i < letters && t < until; ++i) {
            out.key(t, id);
            t += rng.uniform(0.06, 0.28);
        }
        t += rng.chance(0.15) ? rng.uniform(1.5, 9.0) : rng.uniform(0.12, 0.45);
    }
    return t;
}

// A hand moving a relative mouse: minimum-jerk speed profile, 125 Hz reports with jitter, a slightly
// curved path and sub-count remainders carried between reports, as a real sensor does.
double hand_move(Builder& out, Rng& rng, const std::string& id, double t) {
    double distance = rng.uniform(80, 900);
    double duration = 0.25 + distance / rng.uniform(900, 2500);
    double angle = rng.uniform(0, 6.283185307179586);
    double bend = rng.uniform(-0.6, 0.6);
    double carry_x = 0, carry_y = 0, previous = 0;
    for (double s = 0; s < duration;) {
        s = std::min(duration, s + rng.uniform(0.007, 0.009));
        double u = s / duration;
        double reached = distance * (10 * u * u * u - 15 * u * u * u * u + 6 * u * u * u * u * u);
        double step = reached - previous;
        previous = reached;
        double heading = angle + bend * (u - 0.5);
        carry_x += step * std::cos(heading) + rng.uniform(-0.4, 0.4);
        carry_y += step * std::sin(heading) + rng.uniform(-0.4, 0.4);
        int dx = int(std::lround(carry_x)), dy = int(std::lround(carry_y));
        carry_x -= dx;
        carry_y -= dy;
        if (dx || dy) out.rel(t + s, id, dx, dy);
    }
    t += duration;
    if (rng.chance(0.5)) out.key(t + rng.uniform(0.1, 0.4), id);  // a click
    return t + 0.5;
}

// A finger stroke on the touchpad: lands somewhere new (the absolute position jumps, as it does for
// every real touchpad), slides for a moment, lifts.
double touch_stroke(Builder& out, Rng& rng, const InputDevice& pad, double t) {
    double x = rng.uniform(100, pad.x.max - 100), y = rng.uniform(100, pad.y.max - 100);
    double vx = rng.uniform(-600, 600), vy = rng.uniform(-400, 400);
    out.key(t, pad.id);  // BTN_TOUCH
    double duration = rng.uniform(0.2, 1.2);
    for (double s = 0; s < duration; s += rng.uniform(0.011, 0.013)) {
        double px = std::clamp(x + vx * s, 0.0, double(pad.x.max));
        double py = std::clamp(y + vy * s, 0.0, double(pad.y.max));
        out.abs(t + s, pad.id, int(px), int(py));
    }
    return t + duration + 0.3;
}

// A remote operator's browser moving an absolute pointer smoothly (about 60 reports a second).
double operator_glide(Builder& out, Rng& rng, const std::string& id, double t, int& x, int& y) {
    int target_x = std::clamp(x + rng.integer(-3000, 3000), 0, hid_abs.max);
    int target_y = std::clamp(y + rng.integer(-3000, 3000), 0, hid_abs.max);
    int steps = rng.integer(12, 40);
    for (int i = 1; i <= steps; ++i) {
        out.abs(t, id, x + (target_x - x) * i / steps, y + (target_y - y) * i / steps);
        t += rng.uniform(0.015, 0.019);
    }
    x = target_x;
    y = target_y;
    return t;
}

// Operator activity through a KVM: typing and gliding, starting at t, for `span` seconds.
double operator_session(Builder& out, Rng& rng, const std::string& keyboard, const std::string& pointer, double t,
                        double span, int& x, int& y) {
    double until = t + span;
    while (t < until) {
        t = rng.chance(0.5) ? type_text(out, rng, keyboard, t, t + rng.uniform(2, 6))
                            : operator_glide(out, rng, pointer, t, x, y);
        t += rng.uniform(0.3, 2.0);
    }
    return t;
}

}  // namespace

InputStream pikvm_jiggler(bool absolute) {
    Rng rng(absolute ? 60 : 61);
    Builder out;
    out.add(0, laptop_keyboard());
    out.add(0, laptop_touchpad());
    auto keyboard = kvm_keyboard("event5", "PiKVM Composite Device", true);
    auto pointer = kvm_pointer("event6", "PiKVM Composite Device Mouse", true, absolute);
    out.add(0, keyboard);
    out.add(0, pointer);
    int x = 16000, y = 9000;
    double t = absolute ? operator_session(out, rng, keyboard.id, pointer.id, 1, 30, x, y)
                        : type_text(out, rng, keyboard.id, 1, 30);
    // kvmd: every 60 s ±25 %, five moves 100 ms apart around the current point (±100 abs, ±10 rel).
    for (int burst = 0; burst < 12; ++burst) {
        t += 60 * rng.uniform(0.75, 1.25);
        for (int move = 0; move < 5; ++move) {
            double at = t + 0.1 * move + rng.uniform(-0.003, 0.003);
            if (absolute) {
                bool back = move == 4;
                out.abs(at, pointer.id, back ? x : x + rng.integer(-100, 100), back ? y : y + rng.integer(-100, 100));
            } else {
                out.rel(at, pointer.id, rng.integer(-10, 10), rng.integer(-10, 10));
            }
        }
        t += 0.4;
    }
    return out.finish();
}

InputStream jetkvm_park() {
    Rng rng(20);
    Builder out;
    out.add(0, laptop_keyboard());
    out.add(0, laptop_touchpad());
    auto keyboard = kvm_keyboard("event5", "JetKVM USB Emulation Device", true);
    auto pointer = kvm_pointer("event6", "JetKVM USB Emulation Device Mouse", true);
    out.add(0, keyboard);
    out.add(0, pointer);
    int x = 12000, y = 20000;
    double t = 1;
    // Two working spells, each followed by idle time in which the firmware parks the cursor every 20 s.
    for (int spell = 0; spell < 2; ++spell) {
        t = operator_session(out, rng, keyboard.id, pointer.id, t, 40, x, y);
        for (int park = 0; park < 8; ++park) {
            t += 20 + rng.uniform(0, 0.15);
            out.abs(t, pointer.id, 1, 1);
            t += rng.uniform(0.004, 0.012);
            out.abs(t, pointer.id, 0, 0);
            x = y = 0;
        }
        t += rng.uniform(3, 12);
    }
    return out.finish();
}

InputStream nanokvm_centre() {
    Rng rng(15);
    Builder out;
    out.add(0, laptop_keyboard());
    out.add(0, laptop_touchpad());
    auto keyboard = kvm_keyboard("event5", "NanoKVM", true);
    auto pointer = kvm_pointer("event7", "NanoKVM Touchpad", true);
    out.add(0, keyboard);
    out.add(0, pointer);
    int x = 5000, y = 26000;
    double t = 1;
    for (int spell = 0; spell < 2; ++spell) {
        t = operator_session(out, rng, keyboard.id, pointer.id, t, 40, x, y);
        for (int jump = 0; jump < 10; ++jump) {
            t += 15 + rng.uniform(0, 0.15);
            out.abs(t, pointer.id, 0x3F00, 0x3F00);
            t += rng.uniform(0.004, 0.012);
            out.abs(t, pointer.id, 0x3FFF, 0x3FFF);
            x = y = 0x3FFF;
        }
        t += rng.uniform(3, 12);
    }
    return out.finish();
}

InputStream teleports() {
    Rng rng(7);
    Builder out;
    out.add(0, laptop_keyboard());
    out.add(0, laptop_touchpad());
    auto keyboard = kvm_keyboard("event5", "Multifunction USB Device", true);
    auto pointer = kvm_pointer("event6", "Multifunction USB Device Mouse", true);
    out.add(0, keyboard);
    out.add(0, pointer);
    int x = 16000, y = 16000;
    double t = 1;
    for (int jump = 0; jump < 12; ++jump) {
        t = operator_session(out, rng, keyboard.id, pointer.id, t, rng.uniform(8, 25), x, y);
        // The operator's mouse leaves the browser window and comes back in somewhere else.
        t += rng.uniform(1, 6);
        x = (x + rng.integer(8000, 24000)) % hid_abs.max;
        y = (y + rng.integer(8000, 24000)) % hid_abs.max;
        out.abs(t, pointer.id, x, y);
        t += rng.uniform(0.2, 1.0);
    }
    return out.finish();
}

InputStream new_device_input() {
    Rng rng(40);
    Builder out;
    auto laptop = laptop_keyboard();
    auto pad = laptop_touchpad();
    out.add(0, laptop);
    out.add(0, pad);
    double t = type_text(out, rng, laptop.id, 1, 20);
    touch_stroke(out, rng, pad, t + 1);
    // The laptop is handed over; a KVM is plugged in and drives it from then on.
    auto keyboard = kvm_keyboard("event7", "USB Emulation Device", false);
    auto pointer = kvm_pointer("event8", "USB Emulation Device Mouse", false);
    out.add(40, keyboard);
    out.add(40.05, pointer);
    int x = 16000, y = 16000;
    operator_session(out, rng, keyboard.id, pointer.id, 45, 240, x, y);
    return out.finish();
}

InputStream software_jiggler() {
    Rng rng(30);
    Builder out;
    out.add(0, laptop_keyboard());
    out.add(0, laptop_touchpad());
    auto nudger = device("event9", DeviceKind::virtual_device, "py-evdev-uinput", true);
    nudger.relative = true;
    out.add(0, nudger);
    double t = type_text(out, rng, "event0", 1, 20);
    for (int nudge = 0; nudge < 10; ++nudge) {
        t += 30 + rng.uniform(0, 0.05);
        out.rel(t, nudger.id, 1, 0);
        out.rel(t + 0.001, nudger.id, -1, 0);
    }
    return out.finish();
}

InputStream human_typing() {
    Rng rng(1);
    Builder out;
    auto laptop = laptop_keyboard();
    auto pad = laptop_touchpad();
    out.add(0, laptop);
    out.add(0, pad);
    double t = 0.5;
    while (t < 600) {
        t = rng.chance(0.6) ? type_text(out, rng, laptop.id, t, t + rng.uniform(5, 40)) : touch_stroke(out, rng, pad, t);
        t += rng.chance(0.2) ? rng.uniform(10, 60) : rng.uniform(0.5, 4);
    }
    return out.finish();
}

InputStream human_mouse() {
    Rng rng(2);
    Builder out;
    auto laptop = laptop_keyboard();
    auto mouse = usb_mouse("event4", true);
    out.add(0, laptop);
    out.add(0, laptop_touchpad());
    out.add(0, mouse);
    double t = 0.5;
    auto work = [&](const std::string& pointer, double until) {
        while (t < until) {
            double roll = rng.uniform(0, 1);
            if (roll < 0.45) {
                t = hand_move(out, rng, pointer, t);
            } else if (roll < 0.8) {
                t = type_text(out, rng, laptop.id, t, t + rng.uniform(3, 20));
            } else {
                // A small nudge to find the cursor: a few counts, at no particular rhythm.
                int reports = rng.integer(2, 4);
                for (int i = 0; i < reports; ++i) out.rel(t + 0.008 * i, pointer, rng.integer(-3, 3), rng.integer(-3, 3));
                t += 0.1;
            }
            t += rng.chance(0.25) ? rng.uniform(5, 90) : rng.uniform(0.3, 3);
        }
    };
    work(mouse.id, 300);
    // Switches to a second mouse plugged in mid-session, still typing on the laptop keyboard.
    auto second = usb_mouse("event10", false);
    out.add(t, second);
    t += 1;
    work(second.id, 600);
    return out.finish();
}

std::vector<NamedStream> fixture_streams() {
    return {
        {"pikvm_jiggler.jsonl", pikvm_jiggler(true)},
        {"pikvm_jiggler_relative.jsonl", pikvm_jiggler(false)},
        {"jetkvm_park.jsonl", jetkvm_park()},
        {"nanokvm_centre.jsonl", nanokvm_centre()},
        {"teleports.jsonl", teleports()},
        {"new_device_input.jsonl", new_device_input()},
        {"software_jiggler.jsonl", software_jiggler()},
        {"human_typing.jsonl", human_typing()},
        {"human_mouse.jsonl", human_mouse()},
    };
}

}  // namespace kiosk::test::synth
