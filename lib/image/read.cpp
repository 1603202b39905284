#include "image/read.hpp"

// text() is never called (barcodes.md P1); the macro only selects the UTF-8 declarations that
// ZXing 1.4.0 asks its users to opt in to.
#define ZX_USE_UTF8
#include <ZXing/ReadBarcode.h>
#include <ZXing/ZXVersion.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <new>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace mrtd::image {

namespace {

namespace zx = ZXing;

// Pass 3's budget per image (read.hpp): crops read, and pixels read as a multiple of the image's.
constexpr std::size_t k_max_crops = 24;
constexpr std::int64_t k_crop_pixel_budget = 2;

// A rectangle in image pixels, right and bottom exclusive.
struct Box {
  int left = 0;
  int top = 0;
  int right = 0;
  int bottom = 0;

  int width() const { return right - left; }
  int height() const { return bottom - top; }
  std::int64_t area() const { return std::int64_t{width()} * height(); }
};

std::int64_t overlap(const Box& a, const Box& b) {
  const int w = std::min(a.right, b.right) - std::max(a.left, b.left);
  const int h = std::min(a.bottom, b.bottom) - std::max(a.top, b.top);
  return w > 0 && h > 0 ? std::int64_t{w} * h : 0;
}

Box bounding_box(const std::array<Point, 4>& corners) {
  Box box{corners[0].x, corners[0].y, corners[0].x, corners[0].y};
  for (const auto& p : corners) {
    box.left = std::min(box.left, p.x);
    box.top = std::min(box.top, p.y);
    box.right = std::max(box.right, p.x + 1);
    box.bottom = std::max(box.bottom, p.y + 1);
  }
  return box;
}

bool degenerate(const std::array<Point, 4>& corners) {
  const Box box = bounding_box(corners);
  return box.width() <= 1 || box.height() <= 1;
}

// A region of dense local contrast where a symbol may be, and how much it looks like one.
struct Candidate {
  Box box;
  int block = 0;       ///< side of the blocks it was found with: the box's uncertainty
  double fill = 0;     ///< share of the box's blocks that are ink edges
  bool square = false; ///< symbol-like: dense at every scale, at most 1:2, 32 pixels a side
};

// Per-block minimum and maximum luminance of an image.
struct BlockMap {
  int block = 0; ///< block side in pixels
  int gw = 0;    ///< blocks per row
  int gh = 0;    ///< block rows
  std::vector<std::uint8_t> lo;
  std::vector<std::uint8_t> hi;

  std::size_t at(int bx, int by) const {
    return static_cast<std::size_t>(by) * static_cast<std::size_t>(gw) +
           static_cast<std::size_t>(bx);
  }
};

// Every second pixel of every second row is enough: a module narrower than 2 pixels is not
// readable anyway, and it keeps this pass at a few percent of a ZXing call.
BlockMap block_map(const Image& image, int block) {
  BlockMap map{
      block, (image.width + block - 1) / block, (image.height + block - 1) / block, {}, {}};
  map.lo.assign(static_cast<std::size_t>(map.gw) * static_cast<std::size_t>(map.gh), 255);
  map.hi.assign(map.lo.size(), 0);
  for (int y = 0; y < image.height; y += 2) {
    const std::uint8_t* row =
        image.pixels.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(image.width);
    for (int bx = 0; bx < map.gw; ++bx) {
      const std::size_t cell = map.at(bx, y / block);
      std::uint8_t mn = map.lo[cell];
      std::uint8_t mx = map.hi[cell];
      for (int x = bx * block; x < std::min(image.width, (bx + 1) * block); x += 2) {
        mn = std::min(mn, row[x]);
        mx = std::max(mx, row[x]);
      }
      map.lo[cell] = mn;
      map.hi[cell] = mx;
    }
  }
  return map;
}

// The same map with blocks `factor` times larger.
BlockMap coarsen(const BlockMap& fine, int factor) {
  BlockMap map{fine.block * factor,
               (fine.gw + factor - 1) / factor,
               (fine.gh + factor - 1) / factor,
               {},
               {}};
  const auto cells = static_cast<std::size_t>(map.gw) * static_cast<std::size_t>(map.gh);
  map.lo.assign(cells, 255);
  map.hi.assign(cells, 0);
  for (int by = 0; by < fine.gh; ++by) {
    for (int bx = 0; bx < fine.gw; ++bx) {
      const std::size_t cell = map.at(bx / factor, by / factor);
      map.lo[cell] = std::min(map.lo[cell], fine.lo[fine.at(bx, by)]);
      map.hi[cell] = std::max(map.hi[cell], fine.hi[fine.at(bx, by)]);
    }
  }
  return map;
}

// The share of `fine`'s blocks inside `box` whose contrast reaches `threshold`.
double density(const BlockMap& fine, int threshold, const Box& box) {
  std::int64_t edges = 0;
  std::int64_t total = 0;
  for (int by = box.top / fine.block; by < std::min(fine.gh, box.bottom / fine.block); ++by) {
    for (int bx = box.left / fine.block; bx < std::min(fine.gw, box.right / fine.block); ++bx) {
      edges += fine.hi[fine.at(bx, by)] - fine.lo[fine.at(bx, by)] >= threshold ? 1 : 0;
      ++total;
    }
  }
  return total > 0 ? static_cast<double>(edges) / static_cast<double>(total) : 0;
}

// Appends the regions of `map` (see find_candidates) to `out`; `fine` is the finest map.
void collect_regions(const BlockMap& map, const BlockMap& fine, int threshold, int width,
                     int height, std::vector<Candidate>& out) {
  // 0 = flat, 1 = ink edge not yet labelled, 2 = labelled.
  std::vector<std::uint8_t> mask(map.lo.size());
  for (std::size_t i = 0; i < mask.size(); ++i) {
    mask[i] = map.hi[i] - map.lo[i] >= threshold ? 1 : 0;
  }
  std::vector<std::size_t> stack;
  for (std::size_t start = 0; start < mask.size(); ++start) {
    if (mask[start] != 1) {
      continue;
    }
    // Flood fill one region, tracking its bounding box in blocks and its block count.
    int x0 = map.gw;
    int y0 = map.gh;
    int x1 = -1;
    int y1 = -1;
    std::int64_t count = 0;
    mask[start] = 2;
    stack.assign(1, start);
    while (!stack.empty()) {
      const std::size_t cell = stack.back();
      stack.pop_back();
      const int cx = static_cast<int>(cell % static_cast<std::size_t>(map.gw));
      const int cy = static_cast<int>(cell / static_cast<std::size_t>(map.gw));
      ++count;
      x0 = std::min(x0, cx);
      y0 = std::min(y0, cy);
      x1 = std::max(x1, cx);
      y1 = std::max(y1, cy);
      for (int ny = std::max(0, cy - 1); ny <= std::min(map.gh - 1, cy + 1); ++ny) {
        for (int nx = std::max(0, cx - 1); nx <= std::min(map.gw - 1, cx + 1); ++nx) {
          if (mask[map.at(nx, ny)] == 1) {
            mask[map.at(nx, ny)] = 2;
            stack.push_back(map.at(nx, ny));
          }
        }
      }
    }
    const int bw = x1 - x0 + 1;
    const int bh = y1 - y0 + 1;
    const Box box{x0 * map.block, y0 * map.block, std::min(width, (x1 + 1) * map.block),
                  std::min(height, (y1 + 1) * map.block)};
    const int shorter = std::min(box.width(), box.height());
    const int longer = std::max(box.width(), box.height());
    const double fill = static_cast<double>(count) / (static_cast<double>(bw) * bh);
    const bool whole_image = bw * 10 >= map.gw * 9 && bh * 10 >= map.gh * 9;
    if (bw < 2 || bh < 2 || shorter < 20 || longer > 6 * shorter || fill < 0.5 || whole_image) {
      continue;
    }
    // The coarse map finds the fine map's regions again: keep one of each.
    const bool known = std::any_of(out.begin(), out.end(), [&](const Candidate& c) {
      return 10 * overlap(c.box, box) >= 8 * std::max(c.box.area(), box.area());
    });
    if (!known) {
      // Square: dense at this scale and at the finest one, where a paragraph of text, dense
      // at a coarse scale, shows the flat gaps between its lines.
      const bool square = fill >= 0.75 && 2 * shorter >= longer && shorter >= 32 &&
                          density(fine, threshold, box) >= 0.7;
      out.push_back({box, map.block, fill, square});
    }
  }
}

// Candidate regions (pass 2 in read.hpp). One pass over the pixels computes each block's minimum
// and maximum; blocks whose contrast reaches a third of the image's range (at least 24 levels)
// are "ink edges". Symbols are dense fields of such blocks, text lines are long thin ones, paper,
// smooth shading and light security printing have none. 8-connected regions of ink-edge blocks
// that are at least 20 pixels and 2 blocks on each side, no more elongated than 1:6 (a 12x36
// DataMatrix with its quiet zone) and at least half filled are candidates; a region spanning
// nearly the whole image adds nothing to pass 1 and is left out. Blocks are 1/128 of the shorter
// side (4 to 32 pixels); the same regions are looked for with blocks 2 and 4 times larger, in
// which a symbol whose modules are wider than the finest blocks is not broken up by its solid
// areas (and in which a paragraph of text becomes one region: the finest map tells them apart).
std::vector<Candidate> find_candidates(const Image& image) {
  const BlockMap fine =
      block_map(image, std::clamp(std::min(image.width, image.height) / 128, 4, 32));
  const int range = *std::max_element(fine.hi.begin(), fine.hi.end()) -
                    *std::min_element(fine.lo.begin(), fine.lo.end());
  if (range < 32) {
    return {};
  }
  const int threshold = std::max(24, range / 3);
  std::vector<Candidate> candidates;
  collect_regions(fine, fine, threshold, image.width, image.height, candidates);
  collect_regions(coarsen(fine, 2), fine, threshold, image.width, image.height, candidates);
  collect_regions(coarsen(fine, 4), fine, threshold, image.width, image.height, candidates);
  // Symbol-like regions first, larger first: on a page, a seal is among the largest dense
  // square things, while the many small regions are words and specks. The rest of the key only
  // makes the order total.
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    const auto key = [](const Candidate& c) {
      return std::tuple(c.square, std::min(c.box.width(), c.box.height()), c.fill, -c.box.top,
                        -c.box.left);
    };
    return key(a) > key(b);
  });
  return candidates;
}

// ZXing's 2D symbologies; everything else is read row by row.
bool is_linear(std::string_view format) {
  for (const char* matrix : {"DataMatrix", "QRCode", "MicroQRCode", "PDF417", "Aztec", "MaxiCode"}) {
    if (format == matrix) {
      return false;
    }
  }
  return true;
}

// The symbols found so far, merged by (format, bytes).
class Collector {
public:
  const std::vector<Symbol>& symbols() const { return m_symbols; }

  // The symbols, without linear (1D) reads that lie mostly inside a 2D symbol: ZXing 1.4.0's
  // row scanners now and then read a Codabar or ITF fragment across a DataMatrix's modules.
  std::vector<Symbol> take() {
    std::vector<Box> matrices;
    for (const auto& symbol : m_symbols) {
      if (!is_linear(symbol.format)) {
        matrices.push_back(bounding_box(symbol.position));
      }
    }
    std::erase_if(m_symbols, [&](const Symbol& symbol) {
      if (!is_linear(symbol.format)) {
        return false;
      }
      const Box b = bounding_box(symbol.position);
      return std::any_of(matrices.begin(), matrices.end(), [&](const Box& m) {
        return 2 * overlap(b, m) >= std::max<std::int64_t>(b.area(), 1);
      });
    });
    return std::move(m_symbols);
  }

  void add(Symbol symbol) {
    for (auto& known : m_symbols) {
      if (known.format == symbol.format && known.bytes == symbol.bytes) {
        if (degenerate(known.position) && !degenerate(symbol.position)) {
          known.position = symbol.position;
        }
        return;
      }
    }
    m_symbols.push_back(std::move(symbol));
  }

  // Whether symbols found so far cover at least half of the candidate's box. A box is made of
  // whole blocks, so each symbol counts as one block larger on every side.
  bool covers(const Candidate& candidate) const {
    std::int64_t covered = 0;
    for (const auto& symbol : m_symbols) {
      Box b = bounding_box(symbol.position);
      b = {b.left - candidate.block, b.top - candidate.block, b.right + candidate.block,
           b.bottom + candidate.block};
      covered += overlap(candidate.box, b);
    }
    return 2 * covered >= candidate.box.area();
  }

private:
  std::vector<Symbol> m_symbols;
};

// One ZXing call over `view`, whose top-left corner is (dx, dy) in the full image.
void read_view(const zx::ImageView& view, const zx::DecodeHints& hints, int dx, int dy,
               const char* found_by, Collector& found) {
  try {
    for (const auto& result : zx::ReadBarcodes(view, hints)) {
      if (!result.isValid()) {
        continue;
      }
      Symbol symbol;
      symbol.format = zx::ToString(result.format());
      const auto& bytes = result.bytes();
      symbol.bytes.assign(bytes.begin(), bytes.end());
      symbol.content_type = zx::ToString(result.contentType());
      symbol.symbology_identifier = result.symbologyIdentifier();
      const auto& position = result.position();
      for (std::size_t i = 0; i < 4; ++i) {
        symbol.position[i] = Point{position[i].x + dx, position[i].y + dy};
      }
      // A position ZXing could not give (all zero) stays all zero, not the crop's corner.
      if (degenerate(symbol.position) && (dx != 0 || dy != 0)) {
        symbol.position = {};
      }
      symbol.found_by = found_by;
      found.add(std::move(symbol));
    }
  } catch (const std::bad_alloc&) {
    throw;
  } catch (...) {
    // ZXing is not meant to throw, but a defect on one hostile image must not escape lib/: the
    // pass counts as having found nothing.
  }
}

// Pass 3 over `view` (the image or its inverted copy): crops around the candidates that no
// symbol explains yet, within the budget.
void read_crops(const zx::ImageView& view, const std::vector<Candidate>& candidates,
                const zx::DecodeHints& hints, const char* found_by, Collector& found) {
  const std::int64_t budget = k_crop_pixel_budget * view.width() * std::int64_t{view.height()};
  std::int64_t spent = 0;
  std::size_t crops = 0;
  for (const auto& candidate : candidates) {
    if (crops == k_max_crops) {
      break;
    }
    // Once something was found, only square regions justify more calls: a clean image must not
    // pay for its caption, a page not for its text.
    const bool square_only = !found.symbols().empty();
    if ((square_only && !candidate.square) || found.covers(candidate)) {
      continue;
    }
    // The margin puts the region at the crop's centre with room for its quiet zone.
    const Box& b = candidate.box;
    const int margin = std::max(16, std::max(b.width(), b.height()) / 4);
    const Box crop{std::max(0, b.left - margin), std::max(0, b.top - margin),
                   std::min(view.width(), b.right + margin),
                   std::min(view.height(), b.bottom + margin)};
    if (spent + crop.area() > budget) {
      continue;
    }
    spent += crop.area();
    ++crops;
    read_view(view.cropped(crop.left, crop.top, crop.width(), crop.height()), hints, crop.left,
              crop.top, found_by, found);
  }
}

// The requested formats; nullopt when names were given but none is known (nothing can match).
std::optional<zx::BarcodeFormats> requested_formats(const std::vector<std::string>& names) {
  zx::BarcodeFormats formats;
  for (const auto& name : names) {
    formats |= zx::BarcodeFormatFromString(name);
  }
  if (!names.empty() && formats.empty()) {
    return std::nullopt;
  }
  return formats;
}

} // namespace

bool is_known_format(std::string_view name) noexcept {
  try {
    return zx::BarcodeFormatFromString(std::string(name)) != zx::BarcodeFormat::None;
  } catch (...) {
    return false;
  }
}

std::vector<Symbol> read_barcodes(const Image& image, const ReadOptions& options) {
  if (image.width <= 0 || image.height <= 0 ||
      image.pixels.size() !=
          static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height)) {
    return {};
  }
  std::optional<zx::BarcodeFormats> formats;
  try {
    formats = requested_formats(options.formats);
  } catch (const std::bad_alloc&) {
    throw;
  } catch (...) {
    return {};
  }
  if (!formats) {
    return {};
  }

  Collector found;
  zx::DecodeHints hints; // ZXingReader's defaults: try harder, rotate, downscale
  hints.setFormats(*formats);
  const zx::ImageView view(image.pixels.data(), image.width, image.height, zx::ImageFormat::Lum);
  read_view(view, hints, 0, 0, "image", found);

  // Crops only help the two detectors that look at the image's centre.
  const zx::BarcodeFormats centred = zx::BarcodeFormat::DataMatrix | zx::BarcodeFormat::Aztec;
  const zx::BarcodeFormats crop_formats = formats->empty() ? centred : (*formats & centred);
  const bool crop = options.tiles && !crop_formats.empty();
  zx::DecodeHints crop_hints = hints;
  crop_hints.setFormats(crop_formats);

  // Symbols covering half of the image leave no room worth a search: a clean image costs one
  // ZXing call.
  std::int64_t covered = 0;
  for (const auto& symbol : found.symbols()) {
    covered += bounding_box(symbol.position).area();
  }
  if (2 * covered >= std::int64_t{image.width} * image.height) {
    return found.take();
  }

  std::vector<Candidate> candidates;
  if (options.tiles || options.invert) {
    candidates = find_candidates(image);
  }
  if (crop) {
    read_crops(view, candidates, crop_hints, "tile", found);
  }

  if (options.invert) {
    const bool unexplained =
        std::any_of(candidates.begin(), candidates.end(),
                    [&](const Candidate& c) { return c.square && !found.covers(c); });
    if (found.symbols().empty() || unexplained) {
      std::vector<std::uint8_t> inverted(image.pixels.size());
      std::transform(image.pixels.begin(), image.pixels.end(), inverted.begin(),
                     [](std::uint8_t v) { return static_cast<std::uint8_t>(255 - v); });
      const zx::ImageView inverted_view(inverted.data(), image.width, image.height,
                                        zx::ImageFormat::Lum);
      read_view(inverted_view, hints, 0, 0, "inverted", found);
      if (crop) {
        read_crops(inverted_view, candidates, crop_hints, "inverted", found);
      }
    }
  }
  return found.take();
}

std::string zxing_version() {
  return std::to_string(ZXING_VERSION_MAJOR) + "." + std::to_string(ZXING_VERSION_MINOR) + "." +
         std::to_string(ZXING_VERSION_PATCH);
}

} // namespace mrtd::image
