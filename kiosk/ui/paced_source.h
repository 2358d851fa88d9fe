// The interview screen plays recordings at their own speed through media's PacedSource.
#pragma once
#include "media/paced_source.h"

namespace kiosk::ui {

using media::PacedSource;

}  // namespace kiosk::ui
