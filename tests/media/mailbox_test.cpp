#include <doctest/doctest.h>

#include <thread>

#include "media/capture_thread.h"
#include "media/clips.h"
#include "media/frame_mailbox.h"
#include "media/reconnect_backoff.h"
#include "support.h"

using namespace std::chrono_literals;

namespace {
media::Frame numbered(std::int64_t index) {
    media::Frame frame;
    frame.index = index;
    return frame;
}
}  // namespace

TEST_CASE("the mailbox hands over the newest frame and counts what nobody took") {
    media::FrameMailbox mailbox;
    CHECK(!mailbox.take(1ms));
    mailbox.put(numbered(1));
    mailbox.put(numbered(2));
    mailbox.put(numbered(3));
    auto frame = mailbox.take(0ms);
    REQUIRE(frame);
    CHECK(frame->index == 3);
    CHECK(mailbox.dropped() == 2);
    CHECK(mailbox.taken() == 1);
    CHECK(!mailbox.take(1ms));
    mailbox.put(numbered(4));
    CHECK(mailbox.take(0ms)->index == 4);
    CHECK(mailbox.dropped() == 2);
}

TEST_CASE("closing the mailbox wakes a waiting analyser and refuses new frames") {
    media::FrameMailbox mailbox;
    std::thread closer([&] {
        std::this_thread::sleep_for(20ms);
        mailbox.close();
    });
    auto started = std::chrono::steady_clock::now();
    CHECK(!mailbox.take(5s));
    CHECK(std::chrono::steady_clock::now() - started < 2s);
    closer.join();
    CHECK(!mailbox.put(numbered(1)));
    CHECK(mailbox.closed());
}

TEST_CASE("the capture thread feeds a file through the mailbox and closes it at the end") {
    kiosk::test::TempDir dir;
    auto clip = kiosk::test::moving_clip(dir.path(), 1);
    auto source = media::open_source(clip.string());
    REQUIRE(source);
    media::FrameMailbox mailbox;
    media::CaptureThread capture(std::move(*source), mailbox);
    std::int64_t last_index = -1;
    int received = 0;
    while (auto frame = mailbox.take(2s)) {
        CHECK(frame->index > last_index);
        last_index = frame->index;
        ++received;
    }
    CHECK(mailbox.closed());
    CHECK(!capture.error());
    CHECK(capture.stats().frames == 30);
    CHECK(received + mailbox.dropped() == 30);
    CHECK(last_index == 29);
}

TEST_CASE("reconnect waits double up to a cap and stop at the budget") {
    media::ReconnectBackoff backoff(0.25, 1.0, 3.0);
    CHECK(backoff.next_wait() == 0.25);
    CHECK(backoff.next_wait() == 0.5);
    CHECK(backoff.next_wait() == 1.0);
    CHECK(backoff.next_wait() == 1.0);
    CHECK(!backoff.next_wait());  // 2.75 spent, another 1.0 would pass 3.0
    backoff.reset();
    CHECK(backoff.next_wait() == 0.25);
}
