// Input recordings are outside bytes (`kiosk watch --replay FILE`): the reader must turn anything into
// a stream or one error, and the detectors must survive whatever stream the reader accepts.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "host/input_detectors.h"
#include "host/input_recording.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    auto stream = kiosk::host::read_recording(in, "fuzz");
    if (stream) kiosk::host::detect_input_behaviour(*stream);
    return 0;
}
