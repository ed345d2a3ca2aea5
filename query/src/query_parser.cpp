// The query language: lexing over the analyser's tokens, recursive descent into a small
// tree, then compilation to Xapian::Query with the term scheme of docs/schema.md.
#include "vanthu/query/query_parser.hpp"

#include <string>
#include <utility>
#include <vector>

#include "vanthu/core/schema.hpp"
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

enum class Lex { Word, Phrase, Number, LParen, RParen, And, Or, Not, Minus, Plus, End };

struct LexToken {
    Lex kind = Lex::End;
    std::size_t pos = 0;            // byte offset in the normalised query
    std::string text;               // as typed, for messages
    std::vector<PhraseItem> items;  // Word: its tokens; Phrase: tokens and numbers; Number
};

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
    Lexer(const core::Analyzer& analyzer, std::string_view text)
        : m_analyzer(analyzer),
          m_text(text),
          m_numbers(analyzer.numbers(text, core::ScanMode::Query)) {}

    std::vector<LexToken> run() {
        std::vector<LexToken> out;
        std::size_t i = 0;
        const std::size_t n = m_text.size();
        while (i < n) {
            if (const core::NumberMatch* m = number_at(i)) {
                LexToken t{Lex::Number, i, std::string(m_text.substr(i, m->end - i)), {}};
                t.items.push_back(PhraseItem{true, {}, m->number});
                out.push_back(std::move(t));
                i = m->end;
                continue;
            }
            const char c = m_text[i];
            if (is_space(c)) {
                ++i;
            } else if (std::size_t q = quote_length(m_text, i); q > 0) {
                i = lex_phrase(i, q, out);
            } else if (c == '(' || c == ')') {
                out.push_back(
                    LexToken{c == '(' ? Lex::LParen : Lex::RParen, i, std::string(1, c), {}});
                ++i;
            } else if ((c == '-' || c == '+') && i + 1 < n && !is_space(m_text[i + 1])) {
                // A prefix operator only at the start of a chunk: "kinh-tế" is one word.
                out.push_back(
                    LexToken{c == '-' ? Lex::Minus : Lex::Plus, i, std::string(1, c), {}});
                ++i;
                // "--x" or "-+x": further signs are punctuation, not more operators.
                while (i < n && (m_text[i] == '-' || m_text[i] == '+')) ++i;
            } else {
                const std::size_t end = chunk_end(i);
                add_chunk(i, end, out);
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

    // A chunk runs to whitespace, a quote, a parenthesis or the start of a document number.
    std::size_t chunk_end(std::size_t i) const {
        std::size_t j = i;
        while (j < m_text.size()) {
            const char c = m_text[j];
            if (is_space(c) || c == '(' || c == ')' || quote_length(m_text, j) > 0) break;
            if (j > i && number_begins_at(j)) break;
            j += utf8_length(static_cast<unsigned char>(c));
        }
        return j > m_text.size() ? m_text.size() : j;
    }

    void add_chunk(std::size_t begin, std::size_t end, std::vector<LexToken>& out) {
        std::string_view chunk = m_text.substr(begin, end - begin);
        // Operators are upper case only, so "and", "or", "not" stay searchable words.
        if (chunk == "AND" || chunk == "OR" || chunk == "NOT") {
            const Lex op = chunk == "AND" ? Lex::And : chunk == "OR" ? Lex::Or : Lex::Not;
            out.push_back(LexToken{op, begin, std::string(chunk), {}});
            return;
        }
        LexToken t{Lex::Word, begin, std::string(chunk), {}};
        for (auto& tok : m_analyzer.tokens(chunk)) t.items.push_back(PhraseItem{false, tok, {}});
        if (t.items.empty()) return;  // pure punctuation: nothing to search for
        out.push_back(std::move(t));
    }

    std::size_t lex_phrase(std::size_t open, std::size_t open_len, std::vector<LexToken>& out) {
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
        LexToken t{
            Lex::Phrase, open, std::string(m_text.substr(open, close + close_len - open)), {}};
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
    const core::Analyzer& m_analyzer;
    std::string_view m_text;
    std::vector<core::NumberMatch> m_numbers;
    std::size_t m_next_number = 0;
};

struct Node {
    enum class Kind { Word, Phrase, Number, And, Or, Not };
    Kind kind = Kind::Word;
    std::size_t pos = 0;
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
            case Lex::RParen:
                throw QueryError("unbalanced parentheses: the ')' at " + where(t.pos) +
                                 " has no matching '('");
            case Lex::End:
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

// Terms for a word inside OP_PHRASE: Xapian 1.4 accepts only terms and OR-of-terms there
// (not OP_SYNONYM or OP_SCALE_WEIGHT), so this is the unweighted position filter.
Q positional_query(const core::Token& t) {
    std::vector<Q> terms{Q(schema::term(schema::kPrefixFolded, t.folded)), Q(t.folded)};
    if (t.has_diacritics()) terms.emplace_back(t.exact);
    return Q(Q::OP_OR, terms.begin(), terms.end());
}

class Compiler {
  public:
    explicit Compiler(HighlightTerms& highlight) : m_highlight(highlight) {}

    Q compile(const Node& node, bool negated) {
        switch (node.kind) {
            case Node::Kind::Word:
                return word(node.items.front().token, negated);
            case Node::Kind::Number:
                return number(node.items.front().number, negated);
            case Node::Kind::Phrase:
                return phrase(node.items, negated);
            case Node::Kind::Or: {
                std::vector<Q> parts;
                for (const auto& c : node.children) parts.push_back(compile(c, negated));
                return Q(Q::OP_OR, parts.begin(), parts.end());
            }
            case Node::Kind::Not:
                return Q(Q::OP_AND_NOT, Q::MatchAll, compile(node.children.front(), true));
            case Node::Kind::And:
                return conjunction(node, negated);
        }
        return Q();
    }

  private:
    Q word(const core::Token& t, bool negated) {
        if (!negated) {
            m_highlight.exact.insert(t.exact);
            m_highlight.folded.insert(t.folded);
        }
        return QueryParser::word_query(t);
    }

    Q number(const core::DocNumber& n, bool negated) {
        if (!negated) {
            m_highlight.number_keys.insert(n.key);
            m_highlight.number_folded_keys.insert(n.folded_key);
        }
        return QueryParser::number_query(n);
    }

    // Words in order: weight from the words themselves (so exact spellings rank first, which
    // OP_PHRASE's own OR-of-terms weighting would not guarantee: a rare unaccented spelling
    // has a higher IDF), matching restricted by the positional phrase.
    Q word_phrase(const std::vector<core::Token>& words, bool negated) {
        if (words.size() == 1) return word(words.front(), negated);
        std::vector<Q> weighted;
        std::vector<Q> positional;
        std::vector<std::string> folded;
        for (const auto& t : words) {
            weighted.push_back(word(t, negated));
            positional.push_back(positional_query(t));
            folded.push_back(t.folded);
        }
        if (!negated) m_highlight.phrases.push_back(std::move(folded));
        return Q(Q::OP_FILTER, Q(Q::OP_AND, weighted.begin(), weighted.end()),
                 Q(Q::OP_PHRASE, positional.begin(), positional.end()));
    }

    // Numbers carry no positions, so a number splits a quoted phrase: the words on each side
    // stay phrases and the number must occur in the same document.
    Q phrase(const std::vector<PhraseItem>& items, bool negated) {
        std::vector<Q> parts;
        std::vector<core::Token> run;
        auto flush = [&] {
            if (!run.empty()) parts.push_back(word_phrase(run, negated));
            run.clear();
        };
        for (const auto& item : items) {
            if (item.is_number) {
                flush();
                parts.push_back(number(item.number, negated));
            } else {
                run.push_back(item.token);
            }
        }
        flush();
        if (parts.size() == 1) return parts.front();
        return Q(Q::OP_AND, parts.begin(), parts.end());
    }

    static bool is_plain_word(const Node& n) { return n.kind == Node::Kind::Word && !n.plus; }

    Q conjunction(const Node& node, bool negated) {
        std::vector<Q> positive;
        std::vector<Q> negative;
        const auto& kids = node.children;
        for (std::size_t k = 0; k < kids.size();) {
            if (kids[k].kind == Node::Kind::Not) {
                negative.push_back(compile(kids[k].children.front(), true));
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
                    weighted.push_back(compile(kids[j], negated));
                }
                Q all(Q::OP_AND, weighted.begin(), weighted.end());
                positive.push_back(Q(Q::OP_AND_MAYBE, all, word_phrase(words, negated)));
            } else {
                positive.push_back(compile(kids[k], negated));
            }
            k = end;
        }
        Q result = positive.empty() ? Q::MatchAll : Q(Q::OP_AND, positive.begin(), positive.end());
        if (!negative.empty()) {
            result = Q(Q::OP_AND_NOT, result, Q(Q::OP_OR, negative.begin(), negative.end()));
        }
        return result;
    }

    HighlightTerms& m_highlight;
};

std::size_t count_terms(const std::vector<LexToken>& tokens) {
    std::size_t n = 0;
    for (const auto& t : tokens) n += t.items.size();
    return n;
}

}  // namespace

Xapian::Query QueryParser::word_query(const core::Token& token) {
    // OP_SYNONYM rather than OP_OR: every spelling of the folded word weighs the same, so a
    // rare misspelling does not outrank the common spelling through its IDF.
    Q any_spelling(Q::OP_SYNONYM, Q(schema::term(schema::kPrefixFolded, token.folded)),
                   Q(token.folded));
    if (!token.has_diacritics()) return any_spelling;
    return Q(Q::OP_OR, Q(kExactWeight, Q(token.exact)), any_spelling);
}

Xapian::Query QueryParser::number_query(const core::DocNumber& number) {
    const std::string exact = schema::term(schema::kPrefixNumber, number.key);
    Q any_spelling(Q::OP_SYNONYM, Q(exact),
                   Q(schema::term(schema::kPrefixNumberFolded, number.folded_key)));
    return Q(Q::OP_OR, Q(kExactWeight, Q(exact)), any_spelling);
}

ParsedQuery QueryParser::parse(std::string_view text) const {
    if (text.size() > kMaxQueryBytes) {
        throw QueryError("the query is too long (" + std::to_string(text.size()) +
                         " bytes; at most " + std::to_string(kMaxQueryBytes) + ")");
    }
    const std::string normalized = m_analyzer.normalize(text);
    if (normalized.find_first_not_of(" \t\n") == std::string::npos) {
        throw QueryError("the query is empty: type some words, a \"phrase\" or a document number");
    }
    Lexer lexer(m_analyzer, normalized);
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
    Compiler compiler(out.highlight);
    out.query = compiler.compile(root, false);

    if (root.kind == Node::Kind::And) {
        bool plain = true;
        for (std::size_t k = 0; k < root.children.size(); ++k) {
            const Node& c = root.children[k];
            if (c.kind != Node::Kind::Word || c.plus || (k > 0 && !root.implicit[k])) plain = false;
        }
        if (plain) {
            std::vector<Q> words;
            for (const auto& c : root.children) words.push_back(word_query(c.items.front().token));
            out.relaxed = Q(Q::OP_OR, words.begin(), words.end());
        }
    }
    return out;
}

}  // namespace vanthu::query
