/*
 * What OmegaT 3.6 shows of a TBX glossary: its own reader (GlossaryReaderTBX.read) run on a
 * file, headless, with a stub project whose languages are ru → en, as OmegaT's own test
 * (GlossaryReaderTBXTest) sets one up. Prints one JSON object a line:
 * {"source": …, "target": …, "comment": …} for each GlossaryEntry the reader makes.
 * Usage: java -Duser.home=TMP -cp CLASSES:OmegaT.jar OmegaTGlossaryTBX FILE.tbx
 */
import java.io.File;
import java.util.List;

import org.omegat.core.Core;
import org.omegat.core.data.NotLoadedProject;
import org.omegat.core.data.ProjectProperties;
import org.omegat.gui.glossary.GlossaryEntry;
import org.omegat.gui.glossary.GlossaryReaderTBX;
import org.omegat.util.Language;

public class OmegaTGlossaryTBX {
    public static void main(String[] args) throws Exception {
        // JAXB on Java 17 (see OmegaT's GlossaryReaderTBXTest)
        System.setProperty("com.sun.xml.bind.v2.bytecode.ClassTailor.noOptimize", "true");
        final File stub = new File(System.getProperty("user.home"), "stub");
        Core.setProject(new NotLoadedProject() {
            @Override
            public ProjectProperties getProjectProperties() {
                try {
                    return new ProjectProperties(stub) {
                        @Override
                        public Language getSourceLanguage() {
                            return new Language("ru");
                        }

                        @Override
                        public Language getTargetLanguage() {
                            return new Language("en");
                        }
                    };
                } catch (Exception ex) {
                    throw new RuntimeException(ex);
                }
            }
        });
        List<GlossaryEntry> entries = GlossaryReaderTBX.read(new File(args[0]), false);
        StringBuilder out = new StringBuilder();
        for (GlossaryEntry e : entries) {
            out.append("{\"source\": ").append(json(e.getSrcText()))
                .append(", \"target\": ").append(json(e.getLocText()))
                .append(", \"comment\": ").append(json(e.getCommentText())).append("}\n");
        }
        System.out.print(out);
        System.out.flush();
        System.exit(0);
    }

    static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
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
}
