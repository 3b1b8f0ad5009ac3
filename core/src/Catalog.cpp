#include "portside/core/Catalog.h"
#include "portside/core/Text.h"

#include <cctype>

namespace portside::core {

namespace {
/// Lots are matched as comparableLot() reads them: a recall of "rc2407" also stops "RC2407 ", "RC2407<GS>" and a
/// full-width "ＲＣ２４０７" (one way to be wrong only).
std::string recallKey(const std::string& product, const std::string& lot)
{
    return product + '\x1f' + comparableLot(lot);
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
    const std::string read = comparableLot(lot);
    for (const std::string* key : {&product.gtin, &product.hibc}) {
        if (key->empty())
            continue;
        if (auto it = _recalls.find(recallKey(*key, read)); it != _recalls.end())
            return &it->second;
        if (auto it = _recalls.find(recallKey(*key, "")); it != _recalls.end())
            return &it->second;
        // The recalled lot with something stuck to it is still the recalled lot: its AI typed or scanned in front
        // ("10RC2407", from a lot barcode scanned into the lot field) or, after it, the next element of a code
        // whose separator was lost ("RC2407" + "21SN123"). A lot that merely starts with a recalled one and goes on
        // with digits stops too: a false stop costs a second look, a missed recall can cost a patient.
        const auto lots = _lotsByProduct.find(*key);
        if (lots == _lotsByProduct.end())
            continue;
        for (const auto& recalled : lots->second) {
            const std::string r = comparableLot(recalled);
            if (r.empty())
                continue;
            const bool afterAi = read.size() == r.size() + 2 && read.compare(0, 2, "10") == 0 &&
                                 read.compare(2, std::string::npos, r) == 0;
            const bool runsOn = read.size() >= r.size() + 2 && read.compare(0, r.size(), r) == 0 &&
                                std::isdigit(static_cast<unsigned char>(read[r.size()])) &&
                                std::isdigit(static_cast<unsigned char>(read[r.size() + 1]));
            if (afterAi || runsOn)
                return &_recalls.find(recallKey(*key, r))->second;
        }
    }
    return nullptr;
}

} // namespace portside::core
