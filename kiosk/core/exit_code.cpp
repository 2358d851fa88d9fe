#include "core/exit_code.h"

namespace kiosk {

ExitCode exit_code_for(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::bad_input:
        case ErrorKind::not_found:
        case ErrorKind::timeout: return exit_bad_input;
        case ErrorKind::tampered: return exit_tampered;
        case ErrorKind::io:
        case ErrorKind::full:
        case ErrorKind::unsealed:
        case ErrorKind::lost: return exit_io;
        case ErrorKind::internal: return exit_internal;
    }
    return exit_internal;
}

}  // namespace kiosk
