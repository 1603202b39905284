#pragma once

// AAMVA DL/ID card PDF417 payloads (AAMVA DL/ID Card Design Standard, annex D; barcodes.md §4,
// P15).

#include "barcode/payload.hpp"

#include <string_view>

namespace mrtd::barcode {

/// Decodes one AAMVA payload (PayloadKind::aamva). The header is `@` LF RS CR, the file type
/// `ANSI `, the 6-digit issuer identification number (IIN), the 2-digit AAMVA version, the
/// 2-digit jurisdiction version (absent in version 01), the 2-digit number of entries and one
/// subfile designator per entry (type, 4-digit offset, 4-digit length). Each subfile (`DL`,
/// `ID`, `Z?`) repeats its type, then holds data elements: a 3-letter element ID and its value,
/// ended by LF; CR ends the subfile.
///
/// Result: kind aamva, profile `aamva`, issuing_state = the value of DCG (country) when present,
/// issue_date = DBD when it is a date, no signature. Header: `iin`, `aamva_version`,
/// `jurisdiction_version` (each when present), one `subfile` per designator (its type). Fields,
/// in payload order, one per element, named by aamva_field_name(); values are trimmed of blanks.
/// Dates become ISO `YYYY-MM-DD`: MMDDCCYY for version 2 and later, CCYYMMDD for version 01 and
/// Canada (DCG `CAN`); a date that only reads in the other order is taken in that order with a
/// quirk, one that reads in neither keeps its text and adds a problem. DBC (sex) 1/2/9 becomes
/// M/F/X. Bytes above 0x7E are read as ISO 8859-1, so all text is valid UTF-8.
///
/// Real-world deviations are tolerated, each with a Payload::quirks sentence: blanks before
/// `@`, FS instead of RS, a pre-standard header (blank padding before the IIN, NUL bytes instead
/// of version and designators, elements on their own lines without a subfile), a missing
/// jurisdiction version, subfiles found off the offset or length their designator gives, NUL
/// padding and blank bytes at the end. Text that is not an element and subfiles that cannot be
/// found or that their designator says are longer than the data go to Payload::problems.
///
/// Errors (malformed, with the byte offset): no `@` LF/CR RS/FS CR `ANSI ` header, no IIN,
/// a version, entry count or designator that is not digits where digits belong, a header
/// truncated inside the designators, no entries. Never throws.
Result<Payload> decode_aamva(ByteView payload);

/// The field name decode_aamva() gives an element ID: the common elements of AAMVA versions
/// 01-10 by meaning (DAQ `document_number`, DCS `family_name`, DAC `first_name`, DAD
/// `middle_names`, DCT `given_names`, DBB `date_of_birth`, DBA `date_of_expiry`, DBD
/// `date_of_issue`, DBC `sex`, DAG `address_street`, DAI `address_city`, DAJ `address_state`,
/// DAK `address_postal_code`, DCG `country`, ...), any other ID (jurisdiction `Z..` elements,
/// IDs whose meaning changed between versions) as itself.
std::string_view aamva_field_name(std::string_view element_id) noexcept;

} // namespace mrtd::barcode
