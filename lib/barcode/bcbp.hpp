#pragma once

// IATA Bar Coded Boarding Pass (BCBP, Resolution 792, format code `M`; barcodes.md §4).

#include "barcode/payload.hpp"

namespace mrtd::barcode {

/// Decodes one BCBP text (PayloadKind::bcbp): `M`, the number of legs (1-9), the 20-character
/// passenger name and the e-ticket indicator, then per leg the fixed-width mandatory items and
/// a conditional section of the size given in 2 hex digits. The first leg's conditional section
/// starts with `>` and the version digit, then the unique items and the repeated items, each
/// preceded by its 2-hex-digit size; later legs carry the repeated items only. What follows the
/// repeated items is kept as `legN.airline_use`. Optional security data closes the text: `^`,
/// its type and its 2-hex-digit length. It is reported and never verified (`signature` stays
/// empty: BCBP carries no signature this toolkit can check).
///
/// Result: kind bcbp, profile `bcbp`, no issuing state. Header: `format_code`, `legs`,
/// `version` (when present). Fields, in payload order, values with their trailing blanks
/// trimmed:
/// - `passenger_name`, `electronic_ticket`;
/// - `leg<N>.` + `pnr`, `from_airport`, `to_airport`, `carrier`, `flight_number`,
///   `flight_julian_date` (day of the year, 3 digits), `compartment`, `seat`,
///   `checkin_sequence`, `passenger_status` (every leg, blank ones included);
/// - unique items (first leg): `passenger_description`, `checkin_source`, `issuance_source`,
///   `issue_julian_date` (4 digits: last digit of the year + day of the year), `document_type`,
///   `issuer_designator`, `baggage_tag`, `baggage_tag_2`, `baggage_tag_3`; unknown trailing
///   unique items as `unique_extra`;
/// - repeated items: `leg<N>.` + `airline_numeric_code`, `document_serial`, `selectee`,
///   `document_verification`, `marketing_carrier`, `frequent_flyer_airline`,
///   `frequent_flyer_number`, `id_ad_indicator`, `free_baggage_allowance`, `fast_track`,
///   `repeated_extra`, then `airline_use`;
/// - `security_type`, `security_data`.
/// Conditional items are listed only when present in their section and not blank.
///
/// Errors (with the byte offset): unsupported for a format code other than `M`; malformed for
/// a non-printable or non-ASCII byte (fixed widths count ASCII characters), a bad leg count,
/// truncated mandatory items, a size that is not hex or exceeds the input, a first-leg
/// conditional section without `>`, anything but `^` after the last leg, and security data that
/// is truncated or followed by more characters. Section sizes that disagree with the items
/// (an item cut short, a section larger than its enclosing one) and bad Julian dates go to
/// Payload::problems. Never throws.
Result<Payload> decode_bcbp(ByteView payload);

} // namespace mrtd::barcode
