#pragma once

// Internal: the cross-checks of examine() (cross.cpp), run once every source has its own report.

#include "examine/examine.hpp"

namespace mrtd::examine::detail {

/// Appends examine.cross.* and examine.expiry for the sources in `report` to `report.verdict`.
void cross_check(Report& report, CivilDate today);

} // namespace mrtd::examine::detail
