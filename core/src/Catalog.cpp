#include "portside/core/Catalog.h"

#include <cctype>

namespace portside::core {

namespace {
/// Lots are matched without regard to case: a recall of "rc2407" also stops "RC2407" (one way to be wrong only).
std::string recallKey(const std::string& product, const std::string& lot)
{
    std::string key = product + '\x1f';
    for (char c : lot)
        key += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return key;
}
} // namespace

void Catalog::add(const Product& product)
{
    const std::size_t index = _products.size();
    _products.push_back(product);
    if (!product.gtin.empty())
        _byKey[product.gtin] = index;
    if (!product.hibc.empty())
        _byKey[product.hibc] = index;
}

void Catalog::addRecall(const Recall& recall)
{
    const bool known = _recalls.count(recallKey(recall.product, recall.lot)) > 0; // the same lot again
    _recalls[recallKey(recall.product, recall.lot)] = recall;
    if (!recall.lot.empty() && !known)
        _lotsByProduct[recall.product].push_back(recall.lot);
}

std::vector<std::string> Catalog::recalledLots(const Product& product) const
{
    std::vector<std::string> lots;
    for (const std::string* key : {&product.gtin, &product.hibc})
        if (!key->empty())
            if (auto it = _lotsByProduct.find(*key); it != _lotsByProduct.end())
                lots.insert(lots.end(), it->second.begin(), it->second.end());
    return lots;
}

const Product* Catalog::find(const ParsedScan& scan) const
{
    auto it = _byKey.end();
    if (!scan.gtin.empty())
        it = _byKey.find(scan.gtin);
    if (it == _byKey.end() && !scan.lic.empty())
        it = _byKey.find(scan.lic + "/" + scan.pcn);
    return it == _byKey.end() ? nullptr : &_products[it->second];
}

const Recall* Catalog::recall(const Product& product, const std::string& lot) const
{
    for (const std::string* key : {&product.gtin, &product.hibc}) {
        if (key->empty())
            continue;
        if (auto it = _recalls.find(recallKey(*key, lot)); it != _recalls.end())
            return &it->second;
        if (auto it = _recalls.find(recallKey(*key, "")); it != _recalls.end())
            return &it->second;
    }
    return nullptr;
}

} // namespace portside::core
