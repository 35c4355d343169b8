/*
 * OmegaT 3.6 as a test oracle: its three fuzzy-match scores and its word and character counts,
 * computed by OmegaT's own classes (OmegaT.jar and the Lucene 3 jars on its manifest class path).
 *
 * Input, one request a line on stdin, fields separated by a tab, and tab, newline, carriage
 * return and backslash in a field escaped as \t, \n, \r and \\:
 *   P <tab> query <tab> candidate   the scores of a memory unit's source against a segment
 *   W <tab> text                    the counts of a segment's source
 * Output, one JSON object a line on stdout, in the order of the requests:
 *   {"scores":[score,score_no_stem,adjusted_score],"query":{...},"candidate":{...}}
 *   {"words":n,"characters":n,"characters_with_spaces":n}
 * where each text's tokens are {"stem":[...],"no_stem":[...],"all":[...]} (for diagnostics).
 *
 * The scores are FindMatches.processEntry's, without penalties and the remove pattern (none by
 * default): FuzzyMatcher.calcSimilarity with a LevenshteinDistance over the token lists of
 * FindMatches.tokenizeStem (tokenizeWords MATCHING on the text), tokenizeNoStem (tokenizeWords NONE
 * on the text lowercased in the source locale) and tokenizeAll (tokenizeVerbatim on it lowercased),
 * with the tokenizer OmegaT uses for Russian by default (LuceneRussianTokenizer, isDefault = true).
 * FindMatches itself needs a loaded project (Core.getProject()), so its three calls are made here.
 * The counts are StatCount's: Statistics.numberOfWords and numberOfCharactersWithout/WithSpaces of
 * a source without protected parts.
 */

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.omegat.core.matching.FuzzyMatcher;
import org.omegat.core.matching.LevenshteinDistance;
import org.omegat.core.statistics.Statistics;
import org.omegat.tokenizer.ITokenizer;
import org.omegat.tokenizer.LuceneRussianTokenizer;
import org.omegat.util.Token;

public class OmegaTOracle {
    /** The project's source locale (ru-RU), as FindMatches lowercases with it. */
    private static final Locale SOURCE_LOCALE = new Locale("ru", "RU");

    /** LuceneRussianTokenizer, with access to its token stream to print the stemmed terms. */
    static final class Russian extends LuceneRussianTokenizer {
        List<String> terms(String text) throws Exception {
            List<String> out = new ArrayList<String>();
            if (text.isEmpty()) {
                return out;
            }
            TokenStream in = getTokenStream(text, true, true);
            CharTermAttribute term = in.addAttribute(CharTermAttribute.class);
            in.reset();
            while (in.incrementToken()) {
                out.add(term.toString());
            }
            in.end();
            in.close();
            return out;
        }
    }

    private static final Russian TOKENIZER = new Russian();
    private static final LevenshteinDistance DISTANCE = new LevenshteinDistance();

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            if (fields[0].equals("P") && fields.length == 3) {
                out.println(pair(unescape(fields[1]), unescape(fields[2])));
            } else if (fields[0].equals("W") && fields.length == 2) {
                out.println(counts(unescape(fields[1])));
            } else {
                out.println("{\"error\":" + json("bad request: " + line) + "}");
            }
        }
        out.flush();
    }

    static String pair(String query, String candidate) throws Exception {
        Token[] qStem = stem(query), cStem = stem(candidate);
        Token[] qNoStem = noStem(query), cNoStem = noStem(candidate);
        Token[] qAll = all(query), cAll = all(candidate);
        int score = FuzzyMatcher.calcSimilarity(DISTANCE, qStem, cStem);
        int scoreNoStem = FuzzyMatcher.calcSimilarity(DISTANCE, qNoStem, cNoStem);
        int adjusted = FuzzyMatcher.calcSimilarity(DISTANCE, qAll, cAll);
        return "{\"scores\":[" + score + "," + scoreNoStem + "," + adjusted + "],\"query\":" + tokens(query)
                + ",\"candidate\":" + tokens(candidate) + "}";
    }

    static Token[] stem(String text) {
        return TOKENIZER.tokenizeWords(text, ITokenizer.StemmingMode.MATCHING);
    }

    static Token[] noStem(String text) {
        return TOKENIZER.tokenizeWords(text.toLowerCase(SOURCE_LOCALE), ITokenizer.StemmingMode.NONE);
    }

    static Token[] all(String text) {
        return TOKENIZER.tokenizeVerbatim(text.toLowerCase(SOURCE_LOCALE));
    }

    static String tokens(String text) throws Exception {
        String lower = text.toLowerCase(SOURCE_LOCALE);
        // The stemmed terms as tokenize() keeps them: no empty term, none with a digit, none of
        // white space only (BaseTokenizer.acceptToken with filterDigits and filterWhitespace).
        List<String> stems = new ArrayList<String>();
        for (String term : TOKENIZER.terms(text)) {
            boolean digit = false, blank = true;
            for (int i = 0, cp; i < term.length(); i += Character.charCount(cp)) {
                cp = term.codePointAt(i);
                digit |= Character.isDigit(cp);
                blank &= Character.isWhitespace(cp) || Character.isSpaceChar(cp);
            }
            if (!term.isEmpty() && !digit && !blank) {
                stems.add(term);
            }
        }
        return "{\"stem\":" + array(stems) + ",\"no_stem\":" + texts(noStem(text), lower) + ",\"all\":"
                + texts(all(text), lower) + "}";
    }

    static String texts(Token[] tokens, String text) {
        List<String> out = new ArrayList<String>();
        for (Token token : tokens) {
            out.add(token.getTextFromString(text));
        }
        return array(out);
    }

    static String counts(String text) {
        return "{\"words\":" + Statistics.numberOfWords(text) + ",\"characters\":"
                + Statistics.numberOfCharactersWithoutSpaces(text) + ",\"characters_with_spaces\":"
                + Statistics.numberOfCharactersWithSpaces(text) + "}";
    }

    static String array(List<String> items) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) {
            b.append(i == 0 ? "" : ",").append(json(items.get(i)));
        }
        return b.append("]").toString();
    }

    static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(n == 't' ? '\t' : n == 'n' ? '\n' : n == 'r' ? '\r' : n);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
