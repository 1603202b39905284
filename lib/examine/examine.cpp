#include "examine/examine.hpp"

#include "barcode/payload.hpp"
#include "examine/detail/cross.hpp"
#include "image/image.hpp"
#include "image/read.hpp"
#include "pki/certificate.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace mrtd::examine {

namespace {

bool starts_with(const Bytes& bytes, std::string_view prefix) {
  return bytes.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), bytes.begin(),
                    [](char a, std::uint8_t b) { return static_cast<std::uint8_t>(a) == b; });
}

// The image formats stb_image reads that a scanner or camera produces, by signature.
const char* image_format(const Bytes& b) {
  if (starts_with(b, "\x89PNG\r\n\x1A\n")) {
    return "PNG";
  }
  if (starts_with(b, "\xFF\xD8\xFF")) {
    return "JPEG";
  }
  if (starts_with(b, "GIF87a") || starts_with(b, "GIF89a")) {
    return "GIF";
  }
  if (starts_with(b, "BM") && b.size() > 26) {
    return "BMP";
  }
  if (b.size() > 3 && b[0] == 'P' && (b[1] == '5' || b[1] == '6') &&
      (b[2] == '\n' || b[2] == ' ' || b[2] == '\r' || b[2] == '\t')) {
    return "PNM";
  }
  return nullptr;
}

// An LDS file by its tag when the TLV fills the file (padding of 0x00/0xFF after it allowed),
// else by the file's name.
std::optional<chip::FileId> chip_file(const Item& item) {
  const Bytes& b = item.bytes;
  if (const auto by_tag = chip::file_from_tag(b[0])) {
    if (const auto tlv = chip::read_tlv(b)) {
      const bool padding_only = std::all_of(
          b.begin() + static_cast<std::ptrdiff_t>(tlv->total_size), b.end(),
          [&](std::uint8_t x) { return x == b.back() && (x == 0x00 || x == 0xFF); });
      if (padding_only) {
        return by_tag;
      }
    }
  }
  const auto slash = item.name.find_last_of("/\\");
  return chip::file_from_name(slash == std::string::npos ? std::string_view(item.name)
                                                         : std::string_view(item.name).substr(slash + 1));
}

bool is_seal_kind(barcode::PayloadKind kind) {
  using enum barcode::PayloadKind;
  return kind == vds || kind == vds_nc || kind == idb || kind == dcc;
}

const char* seal_name(barcode::PayloadKind kind) {
  using enum barcode::PayloadKind;
  switch (kind) {
  case vds:
    return "VDS";
  case vds_nc:
    return "VDS-NC";
  case idb:
    return "IDB";
  case dcc:
    return "EU DCC";
  default:
    return "barcode";
  }
}

bool looks_like_text(const Bytes& b) {
  return std::all_of(b.begin(), b.end(), [](std::uint8_t c) {
    return c == '\n' || c == '\r' || c == '\t' || (c >= 0x20 && c < 0x7F);
  });
}

std::optional<mrz::Format> mrz_format(const Bytes& b) {
  if (b.size() > mrz::k_max_input || !looks_like_text(b)) {
    return std::nullopt;
  }
  mrz::CheckOptions options;
  options.normalize = mrz::Normalize::yes;
  const auto screening =
      mrz::screen(std::string_view(reinterpret_cast<const char*>(b.data()), b.size()), options);
  return screening.format;
}

bool is_visa(mrz::Format format) {
  return format == mrz::Format::mrv_a || format == mrz::Format::mrv_b;
}

Status section_status(Outcome outcome) {
  switch (outcome) {
  case Outcome::valid:
    return Status::pass;
  case Outcome::indeterminate:
    return Status::skip;
  case Outcome::invalid:
  case Outcome::error:
    return Status::fail;
  }
  return Status::fail;
}

// One source's verdict as a check of the combined one.
void add_section(Verdict& verdict, CheckId id, const std::string& label, const Verdict& own) {
  verdict.add(id, section_status(own.outcome), label + ": " + summary(own));
}

std::string_view text_of(const Bytes& b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

struct SealInput {
  std::string source;
  Bytes bytes;
};

// A seal met before (the same payload as a raw file and in an image, or two photos of one
// sticker) is examined once.
const SealInput* same_seal(const std::vector<SealInput>& seals, const Bytes& bytes) {
  for (const auto& seal : seals) {
    if (seal.bytes == bytes) {
      return &seal;
    }
  }
  return nullptr;
}

Report fail(Report report, ErrorCode code, std::string message) {
  report.verdict = error_verdict(make_error(code, std::move(message)));
  return report;
}

} // namespace

ItemUse recognise(const Item& item) {
  ItemUse use{item.name, ItemKind::ignored, ""};
  const Bytes& b = item.bytes;
  if (b.empty()) {
    use.what = "empty file";
    return use;
  }
  if (const char* format = image_format(b)) {
    use.kind = ItemKind::image;
    use.what = std::string(format) + " image";
    return use;
  }
  if (const auto kind = barcode::classify(b); is_seal_kind(kind)) {
    use.kind = ItemKind::seal;
    use.what = seal_name(kind);
    return use;
  }
  if (starts_with(b, "-----BEGIN ") || (b[0] == 0x30 && pki::describe_certificate(b))) {
    use.kind = ItemKind::certificate;
    use.what = "a certificate or CRL: trust comes only from the trust store (--trust), never "
               "from the document";
    return use;
  }
  if (const auto format = mrz_format(b)) {
    use.kind = is_visa(*format) ? ItemKind::visa_mrz : ItemKind::mrz;
    use.what = std::string(mrz::to_string(*format)) + " MRZ";
    return use;
  }
  if (const auto file = chip_file(item)) {
    use.kind = ItemKind::chip;
    use.what = chip::to_string(*file);
    return use;
  }
  use.what = "not an MRZ, an LDS file, an image or a seal";
  return use;
}

Report examine(std::span<const Item> items, const pki::TrustStore& trust, const Options& options) {
  Report report;
  if (items.size() > k_max_items) {
    return fail(std::move(report), ErrorCode::limit_exceeded,
                std::to_string(items.size()) + " items: one document has at most " +
                    std::to_string(k_max_items));
  }
  const CivilDate today = to_civil(options.at);
  const Item* mrz_item = nullptr;
  const Item* visa_item = nullptr;
  chip::ChipFiles chip_files;
  std::vector<SealInput> seals;
  for (const Item& item : items) {
    ItemUse use = recognise(item);
    switch (use.kind) {
    case ItemKind::mrz:
    case ItemKind::visa_mrz: {
      const Item*& slot = use.kind == ItemKind::mrz ? mrz_item : visa_item;
      if (slot != nullptr) {
        return fail(std::move(report), ErrorCode::invalid_argument,
                    std::string("two printed MRZs of ") +
                        (use.kind == ItemKind::mrz ? "documents" : "visas") + ": '" + slot->name +
                        "' and '" + item.name + "'; examine takes one document");
      }
      slot = &item;
      break;
    }
    case ItemKind::chip:
      if (auto added = chip::add_file(chip_files, *chip_file(item), item.bytes, item.name);
          !added) {
        return fail(std::move(report), added.error().code, added.error().message);
      }
      break;
    case ItemKind::seal:
      if (const auto* same = same_seal(seals, item.bytes)) {
        use.kind = ItemKind::ignored;
        use.what += ": the same seal as " + same->source;
        break;
      }
      seals.push_back({item.name, item.bytes});
      break;
    case ItemKind::image: {
      auto image = image::decode_image(item.bytes);
      if (!image) {
        use.kind = ItemKind::ignored;
        use.what += " that cannot be decoded: " + image.error().message;
        break;
      }
      const auto symbols = image::read_barcodes(*image);
      int found = 0;
      int other = 0;
      std::string duplicates; // seals met before, examined once
      for (const auto& symbol : symbols) {
        const auto kind = barcode::classify(symbol.bytes);
        if (!is_seal_kind(kind)) {
          ++other;
          continue;
        }
        ++found;
        if (const auto* same = same_seal(seals, symbol.bytes)) {
          duplicates += "; seal " + std::to_string(found) + " is the same as " + same->source;
          continue;
        }
        seals.push_back({item.name + "#" + std::to_string(found), symbol.bytes});
      }
      use.what += ": " + std::to_string(found) + (found == 1 ? " seal" : " seals");
      if (other > 0) {
        use.what += ", " + std::to_string(other) + " other barcode" + (other == 1 ? "" : "s") +
                    " (not examined)";
      }
      use.what += duplicates;
      if (found == 0) {
        use.kind = ItemKind::ignored;
      }
      break;
    }
    case ItemKind::certificate:
    case ItemKind::ignored:
      break;
    }
    report.items.push_back(std::move(use));
  }

  const bool has_chip = chip_files.sod || chip_files.com || !chip_files.dgs.empty();
  if (mrz_item == nullptr && visa_item == nullptr && !has_chip && seals.empty()) {
    std::string listing;
    for (const auto& use : report.items) {
      listing += (listing.empty() ? "" : "; ") + use.name + ": " + use.what;
    }
    return fail(std::move(report), ErrorCode::invalid_argument,
                "nothing to examine (no MRZ, chip file or seal)" +
                    (listing.empty() ? std::string() : ": " + listing));
  }

  Verdict& verdict = report.verdict;
  {
    std::string ignored;
    for (const auto& use : report.items) {
      if (use.kind == ItemKind::ignored || use.kind == ItemKind::certificate) {
        ignored += (ignored.empty() ? "" : "; ") + use.name + " (" + use.what + ")";
      }
    }
    const std::size_t used = report.items.size() - static_cast<std::size_t>(std::count_if(
        report.items.begin(), report.items.end(), [](const ItemUse& use) {
          return use.kind == ItemKind::ignored || use.kind == ItemKind::certificate;
        }));
    if (ignored.empty()) {
      verdict.add(CheckId::examine_items, Status::pass,
                  "used all " + std::to_string(used) + " items");
    } else {
      verdict.add(CheckId::examine_items, Status::warn,
                  "used " + std::to_string(used) + " of " + std::to_string(report.items.size()) +
                      " items; ignored: " + ignored);
    }
  }

  mrz::CheckOptions mrz_options;
  mrz_options.reference_date = today;
  mrz_options.normalize = mrz::Normalize::yes;
  if (mrz_item != nullptr) {
    report.mrz = mrz::check(text_of(mrz_item->bytes), mrz_options);
    add_section(verdict, CheckId::examine_mrz, "printed MRZ (" + mrz_item->name + ")",
                report.mrz->verdict);
  } else {
    verdict.add(CheckId::examine_mrz, Status::skip, "no printed MRZ of the document");
  }
  if (visa_item != nullptr) {
    report.visa_mrz = mrz::check(text_of(visa_item->bytes), mrz_options);
    add_section(verdict, CheckId::examine_visa_mrz, "visa MRZ (" + visa_item->name + ")",
                report.visa_mrz->verdict);
  } else {
    verdict.add(CheckId::examine_visa_mrz, Status::skip, "no printed visa MRZ");
  }
  if (has_chip) {
    // The printed MRZ is compared with DG1 field by field in the cross-checks, not here: a
    // forged printed MRZ must not read as a chip failure.
    chip::VerifyOptions chip_options;
    chip_options.at = options.at;
    report.chip = chip::verify(chip_files, trust, chip_options);
    add_section(verdict, CheckId::examine_chip, "chip", report.chip->verdict);
  } else {
    verdict.add(CheckId::examine_chip, Status::skip, "no chip files");
  }
  if (seals.empty()) {
    verdict.add(CheckId::examine_seal, Status::skip, "no seal");
  }
  seal::VerifyCache cache;
  for (const SealInput& input : seals) {
    seal::VerifyOptions seal_options;
    seal_options.at = options.at;
    // A seal's MRZ must match the printed one of its kind: a visa's the sticker's, any other
    // the document's.
    if (mrz_item != nullptr || visa_item != nullptr) {
      if (const auto payload = barcode::decode(input.bytes); payload && payload->mrz) {
        const auto format = mrz_format(Bytes(payload->mrz->begin(), payload->mrz->end()));
        const Item* printed = format && is_visa(*format) ? visa_item : mrz_item;
        if (format && printed != nullptr) {
          seal_options.printed_mrz = std::string(text_of(printed->bytes));
        }
      }
    }
    report.seals.push_back({input.source, seal::verify(input.bytes, trust, seal_options, &cache)});
    add_section(verdict, CheckId::examine_seal, "seal " + input.source,
                report.seals.back().report.verdict);
  }

  // Nothing could be examined at all (every part unreadable: a broken EF.SOD, a seal over the
  // limits): an input error, not a verdict on a document.
  {
    std::vector<const Verdict*> parts;
    for (const auto* part : {report.mrz ? &report.mrz->verdict : nullptr,
                             report.visa_mrz ? &report.visa_mrz->verdict : nullptr,
                             report.chip ? &report.chip->verdict : nullptr}) {
      if (part != nullptr) {
        parts.push_back(part);
      }
    }
    for (const auto& section : report.seals) {
      parts.push_back(&section.report.verdict);
    }
    if (std::all_of(parts.begin(), parts.end(),
                    [](const Verdict* v) { return v->outcome == Outcome::error; })) {
      const Error& first = *parts.front()->error;
      Report failed;
      failed.items = std::move(report.items);
      failed.verdict = error_verdict(
          Error{first.code, "no part of the document could be examined: " + first.message, -1});
      return failed;
    }
  }

  detail::cross_check(report, today);

  // Invalid when anything failed; indeterminate when a source could not be proven either way.
  const bool failed = std::any_of(verdict.checks.begin(), verdict.checks.end(),
                                  [](const Check& c) { return c.status == Status::fail; });
  const bool unproven =
      (report.chip && report.chip->verdict.outcome == Outcome::indeterminate) ||
      std::any_of(report.seals.begin(), report.seals.end(), [](const SealSection& s) {
        return s.report.verdict.outcome == Outcome::indeterminate;
      });
  verdict.outcome = failed ? Outcome::invalid : unproven ? Outcome::indeterminate : Outcome::valid;
  return report;
}

} // namespace mrtd::examine
