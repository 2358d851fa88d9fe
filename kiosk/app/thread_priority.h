// Threads that work for the screen (capture, analysis, ledger writes) yield to the UI thread: on a
// two-core kiosk the screen must keep its refresh rate while they take whatever CPU is left.
#pragma once

namespace kiosk::app {

// The calling thread becomes SCHED_BATCH (it never preempts an interactive thread on wake-up) at
// nice 10; threads it starts afterwards inherit both. Best effort: a refusal leaves it as it was.
void lower_thread_priority();

}  // namespace kiosk::app
