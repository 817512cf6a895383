package dev.hark.examples.wordtimes;

import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.widgets.Display;

import dev.hark.core.transcript.LiveTranscript;

/** File &gt; Copy Word Timings: the live transcript's timed words as tab-separated values, for a spreadsheet. */
public class CopyWordTimingsHandler {

    @CanExecute
    public boolean canExecute(@Optional LiveTranscript live) {
        return live != null;
    }

    @Execute
    public void execute(@Optional LiveTranscript live, Display display) {
        if (live == null) {
            return;
        }
        String tsv = WordRow.tsv(WordRow.of(live.snapshot()));
        Clipboard clipboard = new Clipboard(display);
        try {
            clipboard.setContents(new Object[] { tsv }, new Transfer[] { TextTransfer.getInstance() });
        } finally {
            clipboard.dispose();
        }
    }
}
