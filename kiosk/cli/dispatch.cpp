#include <array>

#include "cli/commands.h"
#include "cli/program.h"

namespace kiosk::cli {
namespace {

constexpr std::array command_list{
    Command{"ui", "the fullscreen kiosk (also what `kiosk` alone starts)", &ui_usage, run_ui},
    Command{"scan", "inspect this machine for KVM-over-IP, capture and remote-control hardware", &scan_usage, run_scan},
    Command{"edid", "decode and judge EDID blobs", &edid_usage, run_edid},
    Command{"camera", "judge cameras and video sources: physical, virtual, capture or injected", &camera_usage, run_camera},
    Command{"analyze", "score a face video for deepfake manipulation", &analyze_usage, run_analyze},
    Command{"session", "run a verification session headless and record it", &session_usage, run_session},
    Command{"ledger", "list, verify, export and purge the attested session ledger", &ledger_usage, run_ledger},
    Command{"operator", "manage the operators who may sign in", &operator_usage, run_operator},
    Command{"watch", "watch hot-plug and input behaviour as it happens", &watch_usage, run_watch},
    Command{"fleet", "the fleet store in PostgreSQL: set up, enroll, push this ledger, verify, list, show and correlate every log", &fleet_usage, run_fleet},
};

constexpr std::array files{
    ProgramFile{"/etc/kiosk/kiosk.toml", "the configuration the installed services pass with --config"},
    ProgramFile{"/var/lib/kiosk", "the kiosk user's ledger, keys and session data"},
};

// `kiosk [OPTIONS]` is `kiosk ui [OPTIONS]`.
constexpr Program program{"kiosk",
                          "verification kiosk: KVM-over-IP and remote-control hardware, deepfakes, a signed session ledger",
                          command_list, &command_list.front(), files};

}  // namespace

const Program& kiosk_program() { return program; }

int dispatch(std::span<const std::string> argv, Io& io) { return dispatch(program, argv, io); }

}  // namespace kiosk::cli
