#pragma once

// `mrtd examine`: one travel document from everything the examiner holds — the printed MRZ
// (and a visa sticker's), the chip files, images of seals or raw seal payloads — with each
// source examined by its own engine (lib/mrz, lib/chip, lib/seal) and cross-checked against the
// others: the same holder, the same document, one issuing state, not expired.

#include "chip/chip.hpp"
#include "core/date.hpp"
#include "core/verdict.hpp"
#include "mrz/mrz.hpp"
#include "seal/seal.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace mrtd::pki {
class TrustStore;
}

namespace mrtd::examine {

using Bytes = std::vector<std::uint8_t>;

/// One thing the examiner holds, as read by the caller: a file's name (for messages; only its
/// last component is used to recognise chip files) and its bytes.
struct Item {
  std::string name;
  Bytes bytes;
};

/// What an item was recognised as, by content first and by name only for chip files.
enum class ItemKind {
  mrz,         ///< printed MRZ of the document (TD1, TD2, TD3)
  visa_mrz,    ///< printed MRZ of a visa sticker (MRV-A, MRV-B)
  chip,        ///< an LDS file: EF.COM, EF.SOD, DG1..DG16
  image,       ///< an image; its seals are examined
  seal,        ///< a raw seal payload: VDS, VDS-NC, IDB, DCC
  certificate, ///< ignored: trust comes only from the trust store, never from the document
  ignored      ///< anything else
};

/// `mrz`, `visa_mrz`, `chip`, `image`, `seal`, `certificate`, `ignored` (the JSON names).
constexpr const char* to_string(ItemKind kind) noexcept {
  constexpr const char* k_names[] = {"mrz",  "visa_mrz",    "chip",   "image",
                                     "seal", "certificate", "ignored"};
  return k_names[static_cast<int>(kind)];
}

/// How one item was used: `what` says it (`DG1`, `TD3`, `VDS (icao.visa)`, `2 barcodes`) or,
/// for ignored items, why.
struct ItemUse {
  std::string name;
  ItemKind kind = ItemKind::ignored;
  std::string what;
};

/// Recognises one item without examining it. Images are recognised by their signature bytes
/// (PNG, JPEG, BMP, GIF, PNM); chip files by an LDS tag whose TLV fills the file, else by name.
ItemUse recognise(const Item& item);

struct Options {
  UnixTime at = 0; ///< verification time (the CLI's --at); also the date expiry is judged on
};

/// One seal of the document and where it came from.
struct SealSection {
  std::string source; ///< the item's name, plus `#n` for the n-th seal of an image
  seal::Report report;
};

/// The result of examine(): the combined verdict, each source's own report, and how every item
/// was used.
struct Report {
  Verdict verdict;
  std::vector<ItemUse> items;
  std::optional<mrz::Report> mrz;      ///< the printed MRZ of the document
  std::optional<mrz::Report> visa_mrz; ///< the printed MRZ of a visa sticker
  std::optional<chip::Report> chip;
  std::vector<SealSection> seals;
};

/// Upper bound on the items of one document.
inline constexpr std::size_t k_max_items = 256;

/// Examines one document. Checks, in order: examine.items (what was used and ignored),
/// examine.mrz, examine.visa_mrz, examine.chip and one examine.seal per seal (each the
/// outcome of that source's own verdict), then the cross-checks examine.cross.* and
/// examine.expiry. Outcome: invalid when any check failed; indeterminate when nothing failed
/// but a source could not be proven (e.g. no CSCA in the store); valid otherwise. Errors
/// (error verdict): nothing usable, every usable part unreadable (each source's verdict an
/// error), two document MRZs, two files for one LDS file, more than k_max_items items. Never
/// throws on bad input.
Report examine(std::span<const Item> items, const pki::TrustStore& trust, const Options& options);

} // namespace mrtd::examine
