#include "barcode/scan.hpp"

namespace mrtd::barcode {

ScanReport examine(std::vector<Symbol> symbols) {
  ScanReport report;
  for (Symbol& symbol : symbols) {
    symbol.kind = classify(symbol.bytes);
    auto decoded = decode(symbol.bytes);
    if (decoded) {
      symbol.payload = std::move(*decoded);
    } else {
      symbol.decode_error = decoded.error();
    }
  }
  report.symbols = std::move(symbols);
  const std::size_t n = report.symbols.size();
  if (n == 0) {
    report.verdict.add(CheckId::barcode_found, Status::fail, "no barcode found");
  } else {
    std::string kinds;
    for (const Symbol& s : report.symbols) {
      kinds += (kinds.empty() ? "" : ", ") + s.format + " (" + to_string(s.kind) + ")";
    }
    report.verdict.add(CheckId::barcode_found, Status::pass,
                       std::to_string(n) + (n == 1 ? " barcode: " : " barcodes: ") + kinds);
  }
  finalize(report.verdict);
  return report;
}

} // namespace mrtd::barcode
