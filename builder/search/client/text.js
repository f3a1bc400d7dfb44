/* The words of a text as search sees them: exactly what builder/search/text.py does when it
 * writes the index (tests/test_search_text.py runs both over the same texts).
 *
 * A word is a run of letters, digits and combining marks. Its token is the word normalised:
 * NFKD, every combining mark dropped (accents do not matter), lower-cased. Han, Hiragana and
 * Katakana characters are a token each. English terms are Porter stems (1980).
 *
 * Defines ArchiveSearch.text = {normalize, tokens, spans, stem, terms, isEnglish}. A plain script
 * (no modules): it runs from file:// and, for the tests, in node.
 */
(function () {
  "use strict";

  var scope = typeof window !== "undefined" ? window : globalThis;
  var WORD = /[\p{L}\p{N}\p{M}]+/gu;
  // Hiragana and Katakana (with their phonetic extensions, half-width forms and supplements) and Han.
  var SPLIT = /[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\u{1aff0}-\u{1b16f}\u{20000}-\u{3134f}]/gu;
  var MARK = /\p{M}/gu;
  var LOWER_ASCII = /^[a-z]{3,}$/;

  /** `text` without accents and in lower case: NFKD, combining marks dropped, lower-cased. */
  function normalize(text) {
    return String(text).normalize("NFKD").replace(MARK, "").toLowerCase();
  }

  var LONGEST = 64; // a token is at most this many code points (as in text.py)

  function add(found, start, end, piece) {
    var token = normalize(piece);
    if (token.length > LONGEST) token = Array.from(token).slice(0, LONGEST).join("");
    if (token) found.push({start: start, end: end, token: token});
  }

  /** Each token of `text` as {start, end, token}; start and end are UTF-16 offsets in `text`. */
  function spans(text) {
    var found = [];
    for (var match of String(text).matchAll(WORD)) {
      var start = match.index, word = match[0], begin = 0;
      for (var split of word.matchAll(SPLIT)) { // the run before a Han/Kana character, then the character
        var at = split.index, after = at + split[0].length;
        if (at > begin) add(found, start + begin, start + at, word.slice(begin, at));
        add(found, start + at, start + after, split[0]);
        begin = after;
      }
      if (begin < word.length) add(found, start + begin, start + word.length, word.slice(begin));
    }
    return found;
  }

  /** The tokens of `text`, in order. */
  function tokens(text) {
    return spans(text).map(function (span) { return span.token; });
  }

  // --- the Porter stemmer (M. F. Porter, "An algorithm for suffix stripping", 1980) ---
  // A letter is a vowel (v) when it is a, e, i, o or u, or a y after a consonant (c). m, the
  // measure, counts the "vc" in a word's shape. In each step the rule with the longest matching
  // suffix applies, and only when its condition on the stem holds.

  function shape(word) {
    var out = "", afterConsonant = false;
    for (var i = 0; i < word.length; i++) {
      var letter = word[i];
      var vowel = "aeiou".indexOf(letter) >= 0 || (letter === "y" && afterConsonant);
      out += vowel ? "v" : "c";
      afterConsonant = !vowel;
    }
    return out;
  }

  function measure(form) {
    return form.split("vc").length - 1;
  }

  function endsCvc(word, form) {
    return form.endsWith("cvc") && "wxy".indexOf(word[word.length - 1]) < 0;
  }

  function endsDouble(word, form) {
    return word.length >= 2 && word[word.length - 1] === word[word.length - 2] && form.endsWith("c");
  }

  function step1a(word) {
    var rules = [["sses", "ss"], ["ies", "i"], ["ss", "ss"], ["s", ""]];
    for (var i = 0; i < rules.length; i++) {
      if (word.endsWith(rules[i][0])) return word.slice(0, word.length - rules[i][0].length) + rules[i][1];
    }
    return word;
  }

  function step1b(word) {
    if (word.endsWith("eed")) return measure(shape(word.slice(0, -3))) > 0 ? word.slice(0, -1) : word;
    var stem = null;
    if (word.endsWith("ed")) stem = word.slice(0, -2);
    else if (word.endsWith("ing")) stem = word.slice(0, -3);
    if (stem === null || shape(stem).indexOf("v") < 0) return word;
    var form = shape(stem);
    if (stem.endsWith("at") || stem.endsWith("bl") || stem.endsWith("iz")) return stem + "e";
    if (endsDouble(stem, form)) return "lsz".indexOf(stem[stem.length - 1]) >= 0 ? stem : stem.slice(0, -1);
    return measure(form) === 1 && endsCvc(stem, form) ? stem + "e" : stem;
  }

  function step1c(word) {
    return word.endsWith("y") && shape(word.slice(0, -1)).indexOf("v") >= 0 ? word.slice(0, -1) + "i" : word;
  }

  var STEP2 = {ational: "ate", tional: "tion", enci: "ence", anci: "ance", izer: "ize", abli: "able",
    alli: "al", entli: "ent", eli: "e", ousli: "ous", ization: "ize", ation: "ate", ator: "ate",
    alism: "al", iveness: "ive", fulness: "ful", ousness: "ous", aliti: "al", iviti: "ive", biliti: "ble"};
  var STEP3 = {icate: "ic", ative: "", alize: "al", iciti: "ic", ical: "ic", ful: "", ness: ""};
  var STEP4 = {};
  ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou", "ism",
    "ate", "iti", "ous", "ive", "ize"].forEach(function (suffix) { STEP4[suffix] = ""; });

  /** Steps 2, 3 and 4: the longest rule's replacement, when its stem's measure exceeds `least`. */
  function replace(word, rules, least) {
    for (var size = Math.min(7, word.length); size > 1; size--) {
      var suffix = word.slice(word.length - size);
      if (!Object.prototype.hasOwnProperty.call(rules, suffix)) continue;
      var stem = word.slice(0, word.length - size);
      if (suffix === "ion" && !(stem.endsWith("s") || stem.endsWith("t"))) return word;
      return measure(shape(stem)) > least ? stem + rules[suffix] : word;
    }
    return word;
  }

  function step5(word) {
    if (word.endsWith("e")) {
      var stem = word.slice(0, -1), form = shape(stem), m = measure(form);
      if (m > 1 || (m === 1 && !endsCvc(stem, form))) word = stem;
    }
    if (word.endsWith("ll") && measure(shape(word)) > 1) word = word.slice(0, -1);
    return word;
  }

  var stems = new Map();

  /** The Porter stem of an English token of three or more a-z letters; any other token as it is. */
  function stem(token) {
    if (!LOWER_ASCII.test(token)) return token;
    var known = stems.get(token);
    if (known !== undefined) return known;
    var word = step1c(step1b(step1a(token)));
    word = step5(replace(replace(replace(word, STEP2, 0), STEP3, 0), STEP4, 1));
    if (stems.size >= 20000) stems.clear();
    stems.set(token, word);
    return word;
  }

  /** Whether a record's language is English: "", "en" or "en-*", in any case. */
  function isEnglish(language) {
    language = String(language).toLowerCase();
    return language === "" || language === "en" || language.startsWith("en-");
  }

  /** The terms of `text` as the index keeps them: tokens, stemmed when `language` is English. */
  function terms(text, language) {
    var found = tokens(text);
    return isEnglish(language) ? found.map(stem) : found;
  }

  scope.ArchiveSearch = scope.ArchiveSearch || {};
  scope.ArchiveSearch.text = {
    normalize: normalize, tokens: tokens, spans: spans, stem: stem, terms: terms, isEnglish: isEnglish,
  };
})();
