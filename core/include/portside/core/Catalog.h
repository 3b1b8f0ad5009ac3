#pragma once

#include "portside/core/ParsedScan.h"

#include <string>
#include <unordered_map>
#include <vector>

namespace portside::core {

/// A product the ward stocks, by GTIN or HIBC labeler + product code.
struct Product {
    std::string gtin;     ///< GTIN-14, or empty
    std::string hibc;     ///< "LIC/PCN" for HIBC-labelled products, or empty
    std::string category; ///< "huber-needle", "saline-flush", "heparin-lock", "dressing", ...
    std::string name;
    double heparinUnitsPerMl = 0; ///< distinct products for 10, 100, 1,000, 5,000, 10,000 units/mL
    double volumeMl = 0;
    double syringeMl = 0;
    int gauge = 0;            ///< Huber needles
    double lengthMm = 0;      ///< Huber needles
    std::string dressingType; ///< dressings: "tsm" (transparent membrane) or "gauze"; sets the dressing's due date
};

/// A recalled lot of a product (by GTIN or HIBC key); an empty lot recalls every lot.
struct Recall {
    std::string product; ///< GTIN-14 or "LIC/PCN"
    std::string lot;
    std::string reason;
};

/// Products and recalls in memory, looked up in constant time: a scan's verdict must feel instant with a
/// catalog of 100,000 products and 10,000 recalls.
class Catalog {
public:
    void add(const Product& product);
    void addRecall(const Recall& recall);
    /// The product a scan names, or nullptr.
    const Product* find(const ParsedScan& scan) const;
    /// The recall of this product and lot, or nullptr.
    const Recall* recall(const Product& product, const std::string& lot) const;
    /// The lots of this product that are recalled one by one (not a recall of every lot), in the order added.
    std::vector<std::string> recalledLots(const Product& product) const;
    std::size_t size() const { return _products.size(); }
    std::size_t recalls() const { return _recalls.size(); }

private:
    std::vector<Product> _products;
    std::unordered_map<std::string, std::size_t> _byKey;                      // GTIN or "LIC/PCN" -> index
    std::unordered_map<std::string, Recall> _recalls;                         // key + '\x1f' + lot
    std::unordered_map<std::string, std::vector<std::string>> _lotsByProduct; // key -> recalled lots
};

} // namespace portside::core
