// The query language: lexing over the analyser's tokens, recursive descent into a small
// tree, then compilation to Xapian::Query with the term scheme of docs/schema.md.
//
// Field prefixes ("coquan:UBND") change how their value is lexed, so the lexer tracks which
// field applies: text fields take words only (a number in a title is words there, as the
// indexer wrote it), so:/number: takes document numbers, nam:/ngay: take raw values
// ("2020..2022", "30/10/2020") that the analyser would split into meaningless words.
#include "vanthu/query/query_parser.hpp"

#include <string>
#include <utility>
#include <vector>

#include "vanthu/core/schema.hpp"
#include "vanthu/core/text.hpp"
#include "vanthu/core/vocabulary.hpp"
#include "vanthu/query/fields.hpp"
#include "vanthu/query/search.hpp"

namespace vanthu::query {
namespace {

using Q = Xapian::Query;

// One element of a quoted phrase (or of a single word that splits into several tokens).
struct PhraseItem {
    bool is_number = false;
    core::Token token;
    core::DocNumber number;
};

enum class Lex {
    Word,
    Phrase,
    Number,
    Raw,    // a field value taken as typed (dates, years, a so: value that is not a number)
    Field,  // "coquan:": the next operand is searched in that field
    LParen,
    RParen,
    And,
    Or,
    Not,
    Minus,
    Plus,
    End
};

struct LexToken {
    LexToken() = default;
    LexToken(Lex k, std::size_t p, std::string t, std::vector<PhraseItem> i)
        : kind(k), pos(p), text(std::move(t)), items(std::move(i)) {}

    Lex kind = Lex::End;
    std::size_t pos = 0;            // byte offset in the normalised query
    std::string text;               // as typed, for messages
    std::vector<PhraseItem> items;  // Word: its tokens; Phrase: tokens and numbers; Number
    Field field = Field::None;      // Field
    std::string raw;                // Raw: the value, without quotes
};

// How the value of a field is read.
enum class Mode {
    Normal,  // body text: words, phrases, document numbers
    Number,  // so:/number: document numbers only
    Raw,     // nam:/ngay: the value as typed
    Text,    // text fields: words only
};

Mode mode_of(Field field) {
    switch (field) {
        case Field::None:
            return Mode::Normal;
        case Field::Number:
            return Mode::Number;
        case Field::Year:
        case Field::Date:
            return Mode::Raw;
        default:
            return Mode::Text;
    }
}

// Issuers and units are written both ways ("UBND tỉnh", "Ủy ban nhân dân tỉnh"); the indexer
// expands them the same way.
bool expands_abbreviations(Field field) { return field == Field::Issuer || field == Field::Unit; }

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n'; }

// ASCII '"' and the typographic quotes people paste from Word documents.
std::size_t quote_length(std::string_view s, std::size_t i) {
    if (s[i] == '"') return 1;
    if (s.compare(i, 3, "\u201C") == 0 || s.compare(i, 3, "\u201D") == 0 ||
        s.compare(i, 3, "\u201E") == 0) {
        return 3;
    }
    return 0;
}

std::size_t utf8_length(unsigned char lead) {
    if (lead < 0x80) return 1;
    if ((lead >> 5) == 0x6) return 2;
    if ((lead >> 4) == 0xE) return 3;
    if ((lead >> 3) == 0x1E) return 4;
    return 1;  // cannot happen after normalize(), which repairs UTF-8
}

class Lexer {
  public:
    // `base` is the field of the whole text (Field::None for a query).
    Lexer(const core::Analyzer& analyzer, std::string_view text, Field base)
        : m_analyzer(analyzer),
          m_text(text),
          m_numbers(analyzer.numbers(text, core::ScanMode::Query)) {
        if (base != Field::None) m_groups.push_back(Group{base, 0});
    }

    std::vector<LexToken> run() {
        std::vector<LexToken> out;
        std::size_t i = 0;
        const std::size_t n = m_text.size();
        while (i < n) {
            const Field field = current_field();
            const Mode mode = mode_of(field);
            // The value of a "prefix:" just read: never an operator, never another prefix.
            const bool value = m_pending != Field::None;
            if (mode == Mode::Normal || mode == Mode::Number) {
                if (const core::NumberMatch* m = number_at(i)) {
                    LexToken t{Lex::Number, i, std::string(m_text.substr(i, m->end - i)), {}};
                    t.items.push_back(PhraseItem{true, {}, m->number});
                    out.push_back(std::move(t));
                    i = m->end;
                    m_pending = Field::None;
                    continue;
                }
            }
            const char c = m_text[i];
            if (is_space(c)) {
                ++i;
            } else if (std::size_t q = quote_length(m_text, i); q > 0) {
                i = lex_phrase(i, q, field, out);
                m_pending = Field::None;
            } else if (c == '(') {
                ++m_depth;
                if (value) {
                    m_groups.push_back(Group{m_pending, m_depth});
                    m_pending = Field::None;
                }
                out.push_back(LexToken{Lex::LParen, i, "(", {}});
                ++i;
            } else if (c == ')') {
                if (m_depth > 0) {
                    if (!m_groups.empty() && m_groups.back().depth == m_depth) m_groups.pop_back();
                    --m_depth;
                }
                out.push_back(LexToken{Lex::RParen, i, ")", {}});
                ++i;
            } else if (!value && (c == '-' || c == '+') && i + 1 < n && !is_space(m_text[i + 1])) {
                // A prefix operator only at the start of a chunk: "kinh-tế" is one word.
                out.push_back(
                    LexToken{c == '-' ? Lex::Minus : Lex::Plus, i, std::string(1, c), {}});
                ++i;
                // "--x" or "-+x": further signs are punctuation, not more operators.
                while (i < n && (m_text[i] == '-' || m_text[i] == '+')) ++i;
            } else if (const auto prefix = value ? std::nullopt : field_prefix_at(i)) {
                LexToken t{Lex::Field, i, std::string(m_text.substr(i, prefix->second - i)), {}};
                t.field = prefix->first;
                m_pending = prefix->first;
                m_pending_token = t;
                out.push_back(std::move(t));
                i = prefix->second;
            } else {
                const std::size_t end = chunk_end(i, mode);
                add_chunk(i, end, field, value, out);
                m_pending = Field::None;
                i = end;
            }
        }
        out.push_back(LexToken{Lex::End, n, "", {}});
        return out;
    }

  private:
    // The document number starting exactly at `i`, skipping matches already passed.
    const core::NumberMatch* number_at(std::size_t i) {
        while (m_next_number < m_numbers.size() && m_numbers[m_next_number].begin < i) {
            ++m_next_number;
        }
        if (m_next_number < m_numbers.size() && m_numbers[m_next_number].begin == i &&
            m_numbers[m_next_number].end > i) {
            return &m_numbers[m_next_number];
        }
        return nullptr;
    }

    bool number_begins_at(std::size_t i) const {
        for (std::size_t k = m_next_number; k < m_numbers.size(); ++k) {
            if (m_numbers[k].begin == i) return true;
            if (m_numbers[k].begin > i) break;
        }
        return false;
    }

    // A chunk runs to whitespace, a quote, a parenthesis or (where numbers are read) the start
    // of a document number.
    std::size_t chunk_end(std::size_t i, Mode mode) const {
        const bool numbers = mode == Mode::Normal || mode == Mode::Number;
        std::size_t j = i;
        while (j < m_text.size()) {
            const char c = m_text[j];
            if (is_space(c) || c == '(' || c == ')' || quote_length(m_text, j) > 0) break;
            if (numbers && j > i && number_begins_at(j)) break;
            j += utf8_length(static_cast<unsigned char>(c));
        }
        return j > m_text.size() ? m_text.size() : j;
    }

    // "name:" at `i` followed by a value, where name is a field: {field, offset of the value}.
    // Anything else ("https://…", "foo:bar", "so: x") is left to be read as words.
    std::optional<std::pair<Field, std::size_t>> field_prefix_at(std::size_t i) const {
        constexpr std::size_t kLongestName = 32;  // bytes, diacritics included
        std::size_t j = i;
        while (j < m_text.size() && j - i <= kLongestName && m_text[j] != ':') {
            const auto c = static_cast<unsigned char>(m_text[j]);
            // Bytes >= 0x80 belong to letters with diacritics ("số", "loại").
            if (c < 0x80 && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
                return std::nullopt;
            }
            ++j;
        }
        if (j == i || j >= m_text.size() || m_text[j] != ':') return std::nullopt;
        const std::size_t value = j + 1;
        if (value >= m_text.size() || is_space(m_text[value]) || m_text[value] == ')') {
            return std::nullopt;
        }
        const auto field = field_for_name(m_text.substr(i, j - i));
        if (!field) return std::nullopt;
        return std::make_pair(*field, value);
    }

    [[noreturn]] void throw_no_value() const {
        const std::string name = m_pending_token.text;
        throw QueryError("'" + name + "' at " + where(m_pending_token.pos) +
                         " has no value: write " + name + "word or " + name + "\"several words\"");
    }

    // The words of a text field's value, abbreviations expanded where the indexer expands them.
    std::vector<core::Token> field_words(std::string_view value, Field field) const {
        if (!expands_abbreviations(field)) return m_analyzer.tokens(value);
        return m_analyzer.tokens(core::expand_abbreviations(value));
    }

    void add_chunk(std::size_t begin, std::size_t end, Field field, bool value,
                   std::vector<LexToken>& out) {
        std::string_view chunk = m_text.substr(begin, end - begin);
        // Operators are upper case only, so "and", "or", "not" stay searchable words.
        if (!value && (chunk == "AND" || chunk == "OR" || chunk == "NOT")) {
            const Lex op = chunk == "AND" ? Lex::And : chunk == "OR" ? Lex::Or : Lex::Not;
            out.push_back(LexToken{op, begin, std::string(chunk), {}});
            return;
        }
        const Mode mode = mode_of(field);
        if (mode == Mode::Raw || mode == Mode::Number) {
            out.push_back(raw_or_number(begin, chunk, chunk));
            return;
        }
        LexToken t{Lex::Word, begin, std::string(chunk), {}};
        const auto tokens =
            mode == Mode::Text ? field_words(chunk, field) : m_analyzer.tokens(chunk);
        for (const auto& tok : tokens) t.items.push_back(PhraseItem{false, tok, {}});
        if (t.items.empty()) {  // pure punctuation: nothing to search for
            if (value) throw_no_value();
            return;
        }
        out.push_back(std::move(t));
    }

    // A so: value that the scanner did not see as a number ("so:152" typed alone, a quoted
    // number) gets one more chance as a whole; what is still not a number stays Raw, and the
    // compiler says why. nam:/ngay: values are always Raw.
    LexToken raw_or_number(std::size_t pos, std::string_view text, std::string_view value) const {
        if (mode_of(current_field()) == Mode::Number) {
            if (auto number = core::parse_doc_number(value)) {
                LexToken t{Lex::Number, pos, std::string(text), {}};
                t.items.push_back(PhraseItem{true, {}, std::move(*number)});
                return t;
            }
        }
        LexToken t{Lex::Raw, pos, std::string(text), {}};
        t.raw = std::string(value);
        return t;
    }

    std::size_t lex_phrase(std::size_t open, std::size_t open_len, Field field,
                           std::vector<LexToken>& out) {
        std::size_t close = open + open_len;
        std::size_t close_len = 0;
        while (close < m_text.size()) {
            close_len = quote_length(m_text, close);
            if (close_len > 0) break;
            close += utf8_length(static_cast<unsigned char>(m_text[close]));
        }
        if (close >= m_text.size()) {
            throw QueryError("unterminated quote: the quotation mark at " + where(open) +
                             " is never closed");
        }
        const std::string_view typed = m_text.substr(open, close + close_len - open);
        const std::string_view inner = m_text.substr(open + open_len, close - open - open_len);
        const Mode mode = mode_of(field);
        if (mode == Mode::Raw || mode == Mode::Number) {
            out.push_back(raw_or_number(open, typed, inner));
            return close + close_len;
        }
        LexToken t{Lex::Phrase, open, std::string(typed), {}};
        if (mode == Mode::Text) {
            for (auto& tok : field_words(inner, field)) {
                t.items.push_back(PhraseItem{false, tok, {}});
            }
            if (t.items.empty()) {
                throw QueryError("nothing to search for between the quotation marks at " +
                                 where(open) + ": " + t.text);
            }
            out.push_back(std::move(t));
            return close + close_len;
        }
        std::size_t i = open + open_len;
        auto add_words = [&](std::size_t b, std::size_t e) {
            if (e <= b) return;
            for (auto& tok : m_analyzer.tokens(m_text.substr(b, e - b))) {
                t.items.push_back(PhraseItem{false, tok, {}});
            }
        };
        for (const auto& m : m_numbers) {
            if (m.begin < i || m.end > close) continue;
            add_words(i, m.begin);
            t.items.push_back(PhraseItem{true, {}, m.number});
            i = m.end;
        }
        add_words(i, close);
        if (t.items.empty()) {
            throw QueryError("nothing to search for between the quotation marks at " + where(open) +
                             ": " + t.text);
        }
        out.push_back(std::move(t));
        return close + close_len;
    }

  public:
    // "character N" (1-based, counting code points) for messages.
    std::string where(std::size_t pos) const { return where_in(m_text, pos); }

    static std::string where_in(std::string_view text, std::size_t pos) {
        std::size_t chars = 0;  // code points before `pos`
        for (std::size_t k = 0; k < pos && k < text.size(); ++k) {
            if ((static_cast<unsigned char>(text[k]) & 0xC0) != 0x80) ++chars;
        }
        return "character " + std::to_string(chars + 1);
    }

  private:
    // A parenthesised group after a field prefix: the field applies inside it.
    struct Group {
        Field field;
        int depth;  // parenthesis depth inside the group
    };

    Field current_field() const {
        if (m_pending != Field::None) return m_pending;
        return m_groups.empty() ? Field::None : m_groups.back().field;
    }

    const core::Analyzer& m_analyzer;
    std::string_view m_text;
    std::vector<core::NumberMatch> m_numbers;
    std::size_t m_next_number = 0;
    Field m_pending = Field::None;  // a prefix was just read; its value comes next
    LexToken m_pending_token;       // that prefix, for messages
    std::vector<Group> m_groups;
    int m_depth = 0;
};

struct Node {
    enum class Kind { Word, Phrase, Number, Raw, Field, And, Or, Not };
    Kind kind = Kind::Word;
    std::size_t pos = 0;
    Field field = Field::None;      // Field: the field of its one child
    std::string text;               // Field: the prefix as typed ("coquan:"); Raw: as typed
    std::string raw;                // Raw: the value
    std::vector<PhraseItem> items;  // Word (one token), Phrase, Number
    std::vector<Node> children;     // And, Or, Not
    std::vector<bool> implicit;     // And: child k was joined to child k-1 without "AND"
    bool plus = false;              // written "+word"
};

class Parser {
  public:
    Parser(std::vector<LexToken> tokens, std::string_view text)
        : m_tokens(std::move(tokens)), m_text(text) {}

    Node parse() {
        Node n = parse_or();
        const LexToken& t = peek();
        if (t.kind == Lex::RParen) {
            throw QueryError("unbalanced parentheses: the ')' at " + where(t.pos) +
                             " has no matching '('");
        }
        if (t.kind != Lex::End) {  // defensive: every other token starts an operand
            throw QueryError("unexpected '" + t.text + "' at " + where(t.pos));
        }
        return n;
    }

  private:
    const LexToken& peek() const { return m_tokens[m_pos]; }
    const LexToken& take() { return m_tokens[m_pos++]; }

    std::string where(std::size_t pos) const { return Lexer::where_in(m_text, pos); }

    static bool starts_operand(Lex k) {
        switch (k) {
            case Lex::Word:
            case Lex::Phrase:
            case Lex::Number:
            case Lex::Raw:
            case Lex::Field:
            case Lex::LParen:
            case Lex::Not:
            case Lex::Minus:
            case Lex::Plus:
                return true;
            default:
                return false;
        }
    }

    void require_operand_after(const LexToken& op) const {
        if (!starts_operand(peek().kind)) {
            throw QueryError("'" + op.text + "' at " + where(op.pos) +
                             " has nothing after it to apply to");
        }
    }

    Node parse_or() {
        Node left = parse_and();
        if (peek().kind != Lex::Or) return left;
        Node node;
        node.kind = Node::Kind::Or;
        node.pos = left.pos;
        node.children.push_back(std::move(left));
        while (peek().kind == Lex::Or) {
            const LexToken& op = take();
            require_operand_after(op);
            node.children.push_back(parse_and());
        }
        return node;
    }

    Node parse_and() {
        const LexToken& first = peek();
        if (first.kind == Lex::And || first.kind == Lex::Or) {
            throw QueryError("'" + first.text + "' at " + where(first.pos) +
                             " has nothing before it to combine with");
        }
        Node node;
        node.kind = Node::Kind::And;
        node.pos = first.pos;
        node.children.push_back(parse_unary());
        node.implicit.push_back(false);
        while (true) {
            const LexToken& t = peek();
            if (t.kind == Lex::And) {
                const LexToken& op = take();
                require_operand_after(op);
                node.children.push_back(parse_unary());
                node.implicit.push_back(false);
            } else if (starts_operand(t.kind)) {
                node.children.push_back(parse_unary());
                node.implicit.push_back(true);
            } else {
                break;
            }
        }
        if (node.children.size() == 1) return std::move(node.children.front());
        return node;
    }

    Node parse_unary() {
        const LexToken& t = peek();
        if (t.kind == Lex::Not || t.kind == Lex::Minus) {
            const LexToken& op = take();
            require_operand_after(op);
            Node node;
            node.kind = Node::Kind::Not;
            node.pos = op.pos;
            // "NOT NOT x" is allowed; "-" binds to one primary only ("-a b" excludes a).
            node.children.push_back(op.kind == Lex::Not ? parse_unary() : parse_primary(op));
            return node;
        }
        if (t.kind == Lex::Plus) {
            const LexToken& op = take();
            require_operand_after(op);
            Node node = parse_primary(op);
            node.plus = true;
            return node;
        }
        return parse_primary(t);
    }

    Node parse_primary(const LexToken& context) {
        const LexToken& t = take();
        Node node;
        node.pos = t.pos;
        switch (t.kind) {
            case Lex::LParen: {
                if (peek().kind == Lex::RParen) {
                    throw QueryError("empty parentheses at " + where(t.pos));
                }
                Node inner = parse_or();
                if (peek().kind != Lex::RParen) {
                    throw QueryError("unbalanced parentheses: the '(' at " + where(t.pos) +
                                     " is never closed");
                }
                take();
                return inner;
            }
            case Lex::Word:
                node.kind = t.items.size() == 1 ? Node::Kind::Word : Node::Kind::Phrase;
                node.items = t.items;
                return node;
            case Lex::Phrase:
                node.kind = t.items.size() == 1 && t.items[0].is_number ? Node::Kind::Number
                                                                        : Node::Kind::Phrase;
                node.items = t.items;
                return node;
            case Lex::Number:
                node.kind = Node::Kind::Number;
                node.items = t.items;
                return node;
            case Lex::Raw:
                node.kind = Node::Kind::Raw;
                node.text = t.text;
                node.raw = t.raw;
                return node;
            case Lex::Field:
                // The lexer only emits a prefix that has a value right after it.
                node.kind = Node::Kind::Field;
                node.field = t.field;
                node.text = t.text;
                node.children.push_back(parse_primary(t));
                return node;
            case Lex::RParen:
                throw QueryError("unbalanced parentheses: the ')' at " + where(t.pos) +
                                 " has no matching '('");
            case Lex::End:
                if (context.text.empty()) {
                    throw QueryError(
                        "the query ends where a word, a \"phrase\" or a number was expected");
                }
                throw QueryError("'" + context.text + "' at " + where(context.pos) +
                                 " has nothing after it to apply to");
            default:
                throw QueryError("unexpected '" + t.text + "' at " + where(t.pos) + " after '" +
                                 context.text + "'");
        }
    }

    std::vector<LexToken> m_tokens;
    std::string_view m_text;
    std::size_t m_pos = 0;
};

// The pair terms of each two neighbouring words, as queries.
std::vector<Q> pair_queries(const std::vector<core::Token>& words) {
    const std::vector<std::string> terms = QueryParser::pair_terms(words);
    return {terms.begin(), terms.end()};
}

// The exact and folded prefixes of a text field (the body for Field::None).
schema::FieldPrefix prefix_of(Field field) {
    switch (field) {
        case Field::Type:
            return schema::kFieldType;
        case Field::Issuer:
            return schema::kFieldIssuer;
        case Field::Signer:
            return schema::kFieldSigner;
        case Field::Author:
            return schema::kFieldAuthor;
        case Field::Unit:
            return schema::kFieldUnit;
        case Field::Domain:
            return schema::kFieldDomain;
        case Field::Title:
            return schema::kFieldTitle;
        default:
            return kBodyPrefix;
    }
}

// Issuers are indexed as the unit then its parent ("BAN TUYÊN GIÁO" + "TỈNH ỦY ĐẮK LẮK"), while
// people write them the other way round or in part ("Ban Tuyên giáo Tỉnh ủy"): every word must
// match, and the phrase only ranks higher.
bool loose_phrases(Field field) { return field == Field::Issuer || field == Field::Unit; }

// Terms for a word inside OP_PHRASE: Xapian 1.4 accepts only terms and OR-of-terms there
// (not OP_SYNONYM or OP_SCALE_WEIGHT), so this is the unweighted position filter. Every
// spelling with diacritics is indexed with its folded term at the same position, and a spelling
// without is its own folded form: these two terms stand at every position of every spelling
// (the exact term would only add a position list to read).
Q positional_query(const core::Token& t, schema::FieldPrefix prefix) {
    return Q(Q::OP_OR, Q(schema::term(prefix.folded, t.folded)),
             Q(schema::term(prefix.exact, t.folded)));
}

// Filters on dates and years: they decide what matches, never the order.
Q unweighted(const std::string& term) { return Q(0.0, Q(term)); }

Q value_range(Xapian::valueno slot, const std::optional<std::string>& from,
              const std::optional<std::string>& to) {
    if (from && to) return Q(Q::OP_VALUE_RANGE, slot, *from, *to);
    if (from) return Q(Q::OP_VALUE_GE, slot, *from);
    return Q(Q::OP_VALUE_LE, slot, *to);
}

// What applies while compiling a subtree: the field, and the prefix as the user typed it, so
// that messages name "year:" to someone who wrote year:.
struct Context {
    Field field = Field::None;
    std::string label;
};

// Whether the query checks a phrase (two words or more, quoted or hyphenated) by positions.
bool has_phrase(const Node& node) {
    if (node.kind == Node::Kind::Phrase) {
        std::size_t run = 0;
        for (const auto& item : node.items) {
            run = item.is_number ? 0 : run + 1;
            if (run >= 2) return true;
        }
    }
    return std::any_of(node.children.begin(), node.children.end(), has_phrase);
}

class Compiler {
  public:
    // `pairs_rank`: words typed next to each other are ranked by their pairs too.
    Compiler(const core::Analyzer& analyzer, ParsedQuery& out, bool pairs_rank)
        : m_analyzer(analyzer),
          m_highlight(out.highlight),
          m_boost(out.boost_phrases),
          m_pairs_rank(pairs_rank) {}

    Q compile(const Node& node, bool negated, const Context& ctx) {
        switch (node.kind) {
            case Node::Kind::Field: {
                std::string label = node.text;
                if (!label.empty() && label.back() == ':') label.pop_back();
                return compile(node.children.front(), negated, Context{node.field, label});
            }
            case Node::Kind::Raw:
                return raw_value(node, ctx);
            case Node::Kind::Word:
                if (ctx.field == Field::Type) {
                    if (auto q = type_code(node.items.front().token, negated)) return *q;
                }
                return word(node.items.front().token, negated, ctx.field);
            case Node::Kind::Number:
                return number(node.items.front().number, negated, ctx.field);
            case Node::Kind::Phrase:
                return phrase(node.items, negated, ctx);
            case Node::Kind::Or: {
                std::vector<Q> parts;
                for (const auto& c : node.children) parts.push_back(compile(c, negated, ctx));
                return Q(Q::OP_OR, parts.begin(), parts.end());
            }
            case Node::Kind::Not:
                return Q(Q::OP_AND_NOT, Q::MatchAll, compile(node.children.front(), true, ctx));
            case Node::Kind::And:
                return conjunction(node, negated, ctx);
        }
        return Q();
    }

  private:
    Q word(const core::Token& t, bool negated, Field field) {
        if (!negated) {
            m_highlight.exact.insert(t.exact);
            m_highlight.folded.insert(t.folded);
        }
        return QueryParser::word_query(t, prefix_of(field));
    }

    Q number(const core::DocNumber& n, bool negated, Field field) {
        if (!negated) {
            m_highlight.number_keys.insert(n.key);
            m_highlight.number_folded_keys.insert(n.folded_key);
        }
        // Typed bare or as so:, a number ranks the document carrying it first, then those
        // citing it, then those merely mentioning it; the matches are the same either way.
        (void)field;
        return QueryParser::number_field_query(n);
    }

    // loai:KH, type:QĐ: the type's name in the type field, or the code itself (every code of
    // that name: QyĐ and QĐi are both "Quy định"). std::nullopt when the word is no type code.
    std::optional<Q> type_code(const core::Token& t, bool negated) {
        const auto name = core::type_name_for_code(t.exact);
        if (!name) return std::nullopt;
        std::vector<Q> parts{word_phrase(m_analyzer.tokens(*name), negated, Field::Type)};
        for (const auto& type : core::doc_types()) {
            if (type.name == *name) {
                parts.push_back(
                    unweighted(schema::term(schema::kPrefixTypeCode, core::lower_text(type.code))));
            }
        }
        return Q(Q::OP_OR, parts.begin(), parts.end());
    }

    // Words in order: weight from the words themselves (so exact spellings rank first, which
    // OP_PHRASE's own OR-of-terms weighting would not guarantee: a rare unaccented spelling
    // has a higher IDF), matching restricted by the positional phrase.
    Q word_phrase(const std::vector<core::Token>& words, bool negated, Field field) {
        if (words.size() == 1) return word(words.front(), negated, field);
        const schema::FieldPrefix prefix = prefix_of(field);
        std::vector<Q> weighted;
        std::vector<Q> positional;
        std::vector<std::string> folded;
        for (const auto& t : words) {
            weighted.push_back(word(t, negated, field));
            positional.push_back(positional_query(t, prefix));
            folded.push_back(t.folded);
        }
        if (!negated) m_highlight.phrases.push_back(std::move(folded));
        Q phrase(Q::OP_PHRASE, positional.begin(), positional.end());
        if (prefix.exact == kBodyPrefix.exact && prefix.folded == kBodyPrefix.folded) {
            // A body text with the phrase has each pair of its neighbouring words (pair terms
            // are written where positions are, docs/schema.md): their short posting lists
            // rule out most documents before any position is read. Same matches.
            std::vector<Q> pairs = pair_queries(words);
            pairs.push_back(std::move(phrase));
            phrase = Q(Q::OP_AND, pairs.begin(), pairs.end());
        }
        return Q(Q::OP_FILTER, Q(Q::OP_AND, weighted.begin(), weighted.end()), phrase);
    }

    // The documents where `words` form the phrase are ranked up after matching (checking the
    // positions of every match in the matcher, as OP_AND_MAYBE with the phrase would, costs
    // about three times the search when the words are common).
    void boost_phrase(const std::vector<core::Token>& words, Field field) {
        const schema::FieldPrefix prefix = prefix_of(field);
        std::vector<std::vector<std::string>> phrase;
        std::vector<std::string> folded;
        for (const auto& t : words) {
            // A word with diacritics has its folded term at the same position as any of its
            // spellings, so these two terms stand for every spelling.
            phrase.push_back(
                {schema::term(prefix.folded, t.folded), schema::term(prefix.exact, t.folded)});
            folded.push_back(t.folded);
        }
        m_boost.push_back(std::move(phrase));
        m_highlight.phrases.push_back(std::move(folded));
    }

    // Every word, the phrase ranked up.
    Q boosted_words(const std::vector<core::Token>& words, bool negated, Field field) {
        std::vector<Q> weighted;
        for (const auto& t : words) weighted.push_back(word(t, negated, field));
        if (words.size() == 1) return weighted.front();
        if (!negated) boost_phrase(words, field);
        return Q(Q::OP_AND, weighted.begin(), weighted.end());
    }

    // Numbers carry no positions, so a number splits a quoted phrase: the words on each side
    // stay phrases and the number must occur in the same document. In a text field there are
    // no numbers (the lexer reads its value as words).
    Q phrase(const std::vector<PhraseItem>& items, bool negated, const Context& ctx) {
        if (ctx.field == Field::Type && items.size() == 1 && !items.front().is_number) {
            if (auto q = type_code(items.front().token, negated)) return *q;
        }
        std::vector<Q> parts;
        std::vector<core::Token> run;
        auto flush = [&] {
            if (run.empty()) return;
            parts.push_back(loose_phrases(ctx.field) ? boosted_words(run, negated, ctx.field)
                                                     : word_phrase(run, negated, ctx.field));
            run.clear();
        };
        for (const auto& item : items) {
            if (item.is_number) {
                flush();
                parts.push_back(number(item.number, negated, ctx.field));
            } else {
                run.push_back(item.token);
            }
        }
        flush();
        if (parts.size() == 1) return parts.front();
        return Q(Q::OP_AND, parts.begin(), parts.end());
    }

    Q raw_value(const Node& node, const Context& ctx) {
        switch (ctx.field) {
            case Field::Year: {
                const YearRange r = parse_year_range(node.raw, ctx.label);
                if (r.single())
                    return unweighted(schema::term(schema::kPrefixYear, std::to_string(*r.from)));
                auto text = [](const std::optional<int>& y) -> std::optional<std::string> {
                    if (!y) return std::nullopt;
                    return std::to_string(*y);
                };
                return value_range(schema::kSlotYear, text(r.from), text(r.to));
            }
            case Field::Date: {
                const DateRange r = parse_date_range(node.raw, ctx.label);
                if (r.single_day) {
                    return unweighted(schema::term(schema::kPrefixDate, r.from->compact()));
                }
                auto text = [](const std::optional<core::Date>& d) -> std::optional<std::string> {
                    if (!d) return std::nullopt;
                    return d->compact();
                };
                return value_range(schema::kSlotDate, text(r.from), text(r.to));
            }
            default:
                throw QueryError(ctx.label + ": \"" + node.raw +
                                 "\" is not a document number (write it as printed, such as "
                                 "152-KH/TU or 91/2017/NĐ-CP)");
        }
    }

    static bool is_plain_word(const Node& n) { return n.kind == Node::Kind::Word && !n.plus; }

    Q conjunction(const Node& node, bool negated, const Context& ctx) {
        std::vector<Q> positive;
        std::vector<Q> negative;
        const auto& kids = node.children;
        for (std::size_t k = 0; k < kids.size();) {
            if (kids[k].kind == Node::Kind::Not) {
                negative.push_back(compile(kids[k].children.front(), true, ctx));
                ++k;
                continue;
            }
            // A run of plain words typed next to each other ("tuyên truyền"): any order
            // matches, but documents where they form the phrase rank first.
            std::size_t end = k + 1;
            if (is_plain_word(kids[k])) {
                while (end < kids.size() && node.implicit[end] && is_plain_word(kids[end])) ++end;
            }
            if (end - k >= 2) {
                std::vector<core::Token> words;
                std::vector<Q> weighted;
                for (std::size_t j = k; j < end; ++j) {
                    words.push_back(kids[j].items.front().token);
                    weighted.push_back(compile(kids[j], negated, ctx));
                }
                Q all_words(Q::OP_AND, weighted.begin(), weighted.end());
                if (!negated) {
                    boost_phrase(words, ctx.field);
                    if (m_pairs_rank && ctx.field == Field::None) {
                        all_words = QueryParser::ranked_by_pairs(std::move(all_words), words,
                                                                 QueryParser::pair_terms(words));
                    }
                }
                positive.push_back(std::move(all_words));
            } else {
                positive.push_back(compile(kids[k], negated, ctx));
            }
            k = end;
        }
        Q result = positive.empty() ? Q::MatchAll : Q(Q::OP_AND, positive.begin(), positive.end());
        if (!negative.empty()) {
            result = Q(Q::OP_AND_NOT, result, Q(Q::OP_OR, negative.begin(), negative.end()));
        }
        return result;
    }

    const core::Analyzer& m_analyzer;
    HighlightTerms& m_highlight;
    std::vector<std::vector<std::vector<std::string>>>& m_boost;
    bool m_pairs_rank;
};

std::size_t count_terms(const std::vector<LexToken>& tokens) {
    std::size_t n = 0;
    for (const auto& t : tokens) n += t.kind == Lex::Raw ? 1 : t.items.size();
    return n;
}

// One part of number_field_query(): exact key weighted up, any spelling of it.
Q number_terms(std::string_view exact_prefix, std::string_view folded_prefix,
               const core::DocNumber& number) {
    const std::string exact = schema::term(exact_prefix, number.key);
    Q any_spelling(Q::OP_SYNONYM, Q(exact), Q(schema::term(folded_prefix, number.folded_key)));
    return Q(Q::OP_OR, Q(kExactWeight, Q(exact)), any_spelling);
}

}  // namespace

Xapian::Query QueryParser::word_query(const core::Token& token, schema::FieldPrefix prefix) {
    // OP_SYNONYM rather than OP_OR: every spelling of the folded word weighs the same, so a
    // rare misspelling does not outrank the common spelling through its IDF.
    Q any_spelling(Q::OP_SYNONYM, Q(schema::term(prefix.folded, token.folded)),
                   Q(schema::term(prefix.exact, token.folded)));
    if (!token.has_diacritics()) return any_spelling;
    return Q(Q::OP_OR, Q(kExactWeight, Q(schema::term(prefix.exact, token.exact))), any_spelling);
}

std::vector<std::string> QueryParser::pair_terms(const std::vector<core::Token>& words) {
    std::vector<std::string> out;
    for (std::size_t k = 1; k < words.size(); ++k) {
        out.push_back(schema::pair_term(words[k - 1].folded, words[k].folded));
    }
    return out;
}

Xapian::Query QueryParser::ranked_by_pairs(Xapian::Query all_words,
                                           const std::vector<core::Token>& words,
                                           const std::vector<std::string>& pairs) {
    if (pairs.empty()) return all_words;
    Q by_pairs(Q::OP_OR, pairs.begin(), pairs.end());
    // Of two documents with the words together, the one in the spelling typed ranks first (as
    // the words' exact terms rank it): a copy typed without diacritics, shorter for BM25 by
    // its missing exact terms, would otherwise weigh more by the same pairs.
    std::vector<Q> typed;
    for (const auto& t : words) {
        if (t.has_diacritics()) typed.emplace_back(schema::term(kBodyPrefix.exact, t.exact));
    }
    if (!typed.empty()) {
        by_pairs = Q(Q::OP_FILTER, by_pairs, Q(Q::OP_AND, typed.begin(), typed.end()));
    }
    // OP_AND_MAYBE adds the pairs' weight and leaves the matches alone. It also lets the
    // matcher skip: once the weakest match it keeps weighs more than the words alone can,
    // only documents with a pair can enter, and the pairs' lists (mostly of far fewer
    // documents than common syllables) lead.
    return Q(Q::OP_AND_MAYBE, std::move(all_words), by_pairs);
}

Xapian::Query QueryParser::number_query(const core::DocNumber& number) {
    return number_terms(schema::kPrefixNumber, schema::kPrefixNumberFolded, number);
}

Xapian::Query QueryParser::number_field_query(const core::DocNumber& number) {
    const std::vector<Q> parts{
        Q(kOwnNumberWeight,
          number_terms(schema::kPrefixOwnNumber, schema::kPrefixOwnNumberFolded, number)),
        Q(kCitedNumberWeight,
          number_terms(schema::kPrefixCitedNumber, schema::kPrefixCitedNumberFolded, number)),
        number_query(number)};
    return Q(Q::OP_OR, parts.begin(), parts.end());
}

namespace {
// An any-word query of more than kEliteSetSize words (or pairs) keeps the kEliteSetSize that
// weigh most.
constexpr Xapian::termcount kEliteSetSize = 12;

Q elite_or_all(const std::vector<Q>& parts) {
    return parts.size() > kEliteSetSize
               ? Q(Q::OP_ELITE_SET, parts.begin(), parts.end(), kEliteSetSize)
               : Q(Q::OP_OR, parts.begin(), parts.end());
}
}  // namespace

ParsedQuery QueryParser::parse(std::string_view text) const { return parse_as(text, Field::None); }

ParsedQuery QueryParser::parse_field(Field field, std::string_view text) const {
    return parse_as(text, field);
}

ParsedQuery QueryParser::parse_as(std::string_view text, Field field) const {
    // Filters are named by their English option (--year, --issuer); queries by what was typed.
    std::string label;
    for (const auto& f : field_names()) {
        if (f.field == field) label = f.english;
    }
    if (text.size() > kMaxQueryBytes) {
        throw QueryError((label.empty() ? "the query" : label) + " is too long (" +
                         std::to_string(text.size()) + " bytes; at most " +
                         std::to_string(kMaxQueryBytes) + ")");
    }
    const std::string normalized = m_analyzer.normalize(text);
    if (normalized.find_first_not_of(" \t\n") == std::string::npos) {
        if (!label.empty()) throw QueryError(label + ": no value given");
        throw QueryError("the query is empty: type some words, a \"phrase\" or a document number");
    }
    Lexer lexer(m_analyzer, normalized, field);
    std::vector<LexToken> tokens = lexer.run();
    const std::size_t terms = count_terms(tokens);
    if (terms > kMaxQueryTerms) {
        throw QueryError("the query has too many words (" + std::to_string(terms) + "; at most " +
                         std::to_string(kMaxQueryTerms) + ")");
    }
    if (tokens.size() == 1) {  // only End: everything was punctuation
        throw QueryError("the query has no words to search for: \"" + normalized + "\"");
    }
    Parser parser(std::move(tokens), normalized);
    Node root = parser.parse();

    ParsedQuery out;
    out.term_count = terms;
    // Not with a phrase: the matcher checks a phrase's positions only in the documents whose
    // weight could still reach the page, and the pairs' weight (rare pairs weigh much) would
    // keep it checking nearly every one (twice the time for `Định nghĩa của "Người lao
    // động"` at 100,000 documents).
    Compiler compiler(m_analyzer, out, !has_phrase(root));
    out.query = compiler.compile(root, false, Context{field, label});

    if (field == Field::None && root.kind == Node::Kind::And) {
        bool plain = true;
        for (std::size_t k = 0; k < root.children.size(); ++k) {
            const Node& c = root.children[k];
            if (c.kind != Node::Kind::Word || c.plus || (k > 0 && !root.implicit[k])) plain = false;
        }
        if (plain) {
            for (const auto& c : root.children) out.plain_words.push_back(c.items.front().token);
            std::vector<Q> words;
            for (const auto& t : out.plain_words) words.push_back(word_query(t));
            // A long question (a sentence pasted into the box) has many words found in nearly
            // every document: their OR costs most of a search and adds little. Its most
            // telling words (Xapian's elite set: highest maximum weight) rank as well.
            Q any_word = elite_or_all(words);
            if (words.size() > kBestMatchAbove) {
                // Matched and ranked by its pairs of neighbouring words: far rarer than its
                // syllables, and mostly the question's two-syllable words ("viên chức").
                out.query = elite_or_all(pair_queries(out.plain_words));
                out.widened = Q(Q::OP_OR, out.query, any_word);
                out.best_match = true;
            } else {
                out.relaxed = std::move(any_word);
            }
        }
    }
    return out;
}

}  // namespace vanthu::query
