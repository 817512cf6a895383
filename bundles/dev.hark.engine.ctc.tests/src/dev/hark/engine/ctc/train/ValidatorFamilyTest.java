package dev.hark.engine.ctc.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How validation reports voices (kept here when the split moved to dev.hark.training.dataset.ValidationSplit). */
class ValidatorFamilyTest {

    @Test
    void validationReportsFliteVoicesOneByOneAndEspeakTogether() {
        assertEquals("flite:kal", Validator.family("flite:kal@s100p90"));
        assertEquals("espeak-ng", Validator.family("espeak:en-us+m3@s150p40"));
        assertEquals("", Validator.family("LJ speaker 12"));
        assertEquals("", Validator.family(""));
    }
}
