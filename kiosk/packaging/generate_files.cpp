// kiosk-package-files OUTDIR: the files the packages install that are made from the programs
// themselves, so that none of them can say other than the binary it ships with. For PROGRAM kiosk
// and kiosk-agent:
//   OUTDIR/PROGRAM/man/PROGRAM.1, PROGRAM-NAME.1  from `PROGRAM help` and each command's usage
//   OUTDIR/PROGRAM/PROGRAM.bash                   bash completion from the same
// and OUTDIR/kiosk.toml, /etc/kiosk/kiosk.toml from the embedded defaults.
#include <array>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "agent/commands.h"
#include "cli/completion.h"
#include "cli/man_page.h"
#include "cli/program.h"
#include "core/config_defaults.h"
#include "core/exit_code.h"

namespace {

constexpr std::string_view config_header =
    "# /etc/kiosk/kiosk.toml: this machine's kiosk configuration.\n"
    "#\n"
    "# Every key is listed, commented out at the value built into the kiosk, with what it may hold;\n"
    "# uncomment a key to change it. The kiosk's services pass --config /etc/kiosk/kiosk.toml; pass it\n"
    "# yourself on the command line (kiosk operator add NAME --config /etc/kiosk/kiosk.toml). A key\n"
    "# this file does not know, or a value of another type, is rejected with file:line (exit 2).\n"
    "# dpkg keeps your edits on upgrade and offers a changed default file beside them.\n";

// The folders the package creates: the kiosk user's data and the site's own scan rules.
constexpr std::array settings{
    kiosk::ConfigSetting{"kiosk.data_dir", "\"/var/lib/kiosk\""},
    kiosk::ConfigSetting{"scan.rules_dir", "\"/etc/kiosk/rules.d\""},
};

bool write(const std::filesystem::path& path, std::string_view text) {
    std::ofstream file(path, std::ios::binary);
    file << text;
    file.close();
    if (!file) std::cerr << "kiosk-package-files: cannot write " << path.string() << "\n";
    return static_cast<bool>(file);
}

// OUTDIR/PROGRAM/man/*.1 and OUTDIR/PROGRAM/PROGRAM.bash.
bool write_program_files(const std::filesystem::path& out, const kiosk::cli::Program& program) {
    const std::string name(program.name);
    const auto dir = out / name;
    std::error_code error;
    std::filesystem::create_directories(dir / "man", error);
    if (error) {
        std::cerr << "kiosk-package-files: cannot create " << (dir / "man").string() << ": " << error.message() << "\n";
        return false;
    }
    std::ostringstream help, ignored;
    kiosk::cli::Io io{help, ignored};
    const std::array<std::string, 1> help_args{"help"};
    kiosk::cli::dispatch(program, help_args, io);

    bool written = write(dir / "man" / (name + ".1"), kiosk::cli::program_man_page(program, help.str(), KIOSK_VERSION));
    for (const auto& command : program.commands)
        written = write(dir / "man" / (name + "-" + command.name + ".1"),
                        kiosk::cli::command_man_page(program, command, KIOSK_VERSION)) && written;
    return write(dir / (name + ".bash"), kiosk::cli::bash_completion(program)) && written;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: kiosk-package-files OUTDIR\n";
        return kiosk::exit_bad_input;
    }
    const std::filesystem::path out = argv[1];
    bool written = write_program_files(out, kiosk::cli::kiosk_program());
    written = write_program_files(out, kiosk::agent::agent_program()) && written;

    const auto config = kiosk::installed_config(config_header, settings);
    if (!config) {
        std::cerr << "kiosk-package-files: " << config.error().message << "\n";
        return kiosk::exit_internal;
    }
    written = write(out / "kiosk.toml", *config) && written;
    return written ? kiosk::exit_ok : kiosk::exit_io;
}
