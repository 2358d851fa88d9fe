#include <iostream>
#include <string>
#include <vector>

#include "agent/commands.h"

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    kiosk::cli::Io io{std::cout, std::cerr};
    return kiosk::cli::dispatch(kiosk::agent::agent_program(), args, io);
}
