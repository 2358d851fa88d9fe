#include "app/thread_priority.h"

#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

namespace kiosk::app {

void lower_thread_priority() {
    const sched_param batch{};  // SCHED_BATCH takes priority 0
    ::sched_setscheduler(0, SCHED_BATCH, &batch);  // 0: the calling thread
    ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 10);
}

}  // namespace kiosk::app
