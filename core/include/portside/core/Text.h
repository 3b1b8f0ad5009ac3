#pragma once

#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace portside::core {

/// Turns a message id of a gettext domain into the reader's language. The shell implements it with its catalogs;
/// without one, core's sentences are English.
class Translator {
public:
    virtual ~Translator();
    /// The translation of `msgid` in `domain`, or `msgid` itself when there is none.
    virtual std::string translate(const std::string& domain, const std::string& msgid) const = 0;
    /// The reader's decimal sign ("," in Spanish, French and German).
    virtual std::string decimalSign() const { return "."; }
};

/// A sentence (or several) for people, kept as untranslated message ids with the values that fill their
/// placeholders, so each client shows it in its reader's language. Placeholders are `%s` in order or `%1$s`
/// by position (gettext's c-format, so translators may reorder them); `%%` is a percent sign.
class Text {
public:
    /// The domain of core's own messages ("portside-core").
    static const char* const kCoreDomain;

    Text() = default;
    Text(std::string domain, std::string msgid, std::vector<Text> args = {});
    /// Text that is already final and is never translated (a file name, a plugin's own sentence from elsewhere).
    static Text verbatim(std::string text);
    /// A number (a volume, a limit), written with the reader's decimal sign: 2.5 in English, 2,5 in German.
    static Text number(double value);

    bool empty() const { return _parts.empty(); }
    /// English: the message ids with their values filled in.
    std::string english() const { return str(nullptr); }
    /// In the translator's language (English without one).
    std::string str(const Translator* translator) const;
    /// This text followed by another sentence.
    Text& operator+=(const Text& more);
    Text operator+(const Text& more) const;

    struct Part {
        std::string domain; ///< empty: verbatim
        std::string msgid;
        std::vector<Text> args; ///< each translated too, then put in its placeholder
        bool number = false;    ///< verbatim digits whose decimal point is the reader's decimal sign
    };
    const std::vector<Part>& parts() const { return _parts; }
    bool operator==(const Text& other) const { return english() == other.english(); }

private:
    std::vector<Part> _parts;
};

/// A value for a placeholder: plain text (a lot number, a product name) or a sentence to translate as well.
struct TextArg {
    TextArg(std::string value) : text(Text::verbatim(std::move(value))) {}
    TextArg(double value) : text(Text::number(value)) {}
    TextArg(const char* value) : text(Text::verbatim(value)) {}
    TextArg(Text value) : text(std::move(value)) {}
    Text text;
};

/// Marks a message id of core's domain for extraction where it is translated later (a table of words).
#define TR_NOOP(text) text

/// A sentence of core's domain; `tr_` is the xgettext keyword (`--keyword=tr_:1 --flag=tr_:1:c-format`).
Text tr_(const char* msgid, std::vector<TextArg> args = {});

/// A number as few digits as it needs, with a point: 5, 2.5, 0.25 (up to 15 significant digits).
std::string formatNumber(double value);

/// English, for logs and test messages.
inline std::ostream& operator<<(std::ostream& out, const Text& text)
{
    return out << text.english();
}

/// True when UTF-8 text has nothing a person can read: empty, spaces of any kind (ASCII, no-break, the Unicode
/// spaces) or invisible characters (zero-width space, joiners, byte order mark). A reason must say something.
bool isBlank(const std::string& utf8);

/// `text` with every byte that is not part of well-formed UTF-8 replaced by the character of the same number
/// (U+0080..U+00FF, as Latin-1 reads it): always valid UTF-8, and the byte's value can still be seen. What goes
/// into the record passes through this, so one odd scan can never make the record unreadable.
std::string validUtf8(const std::string& text);

/// A lot as it is compared with recalls: what a person or a scanner may add around or inside it taken away
/// (control characters, GS, spaces of any kind including no-break and zero-width ones), full-width letters and
/// digits read as their ASCII forms, letters in upper case.
std::string comparableLot(const std::string& utf8);

/// Fills `%s` / `%N$s` placeholders of a format with values; `%%` is a percent sign.
std::string formatText(const std::string& format, const std::vector<std::string>& args);

/// Something asked of core that it will not do, with a sentence for the person who asked: what is wrong and what
/// to do. what() is the English sentence.
class Problem : public std::runtime_error {
public:
    explicit Problem(Text text) : std::runtime_error(text.english()), _text(std::move(text)) {}
    const Text& text() const { return _text; }

private:
    Text _text;
};

} // namespace portside::core
