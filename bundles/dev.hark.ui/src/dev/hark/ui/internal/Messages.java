package dev.hark.ui.internal;

import org.eclipse.osgi.util.NLS;

/** The workbench's UI text, in English and Japanese; the OS locale picks (messages*.properties). */
public final class Messages extends NLS {

    private static final String BUNDLE_NAME = "dev.hark.ui.internal.messages";

    public static String Live_title;
    public static String Live_model;
    public static String Live_input;
    public static String Live_defaultMicrophone;
    public static String Live_audioFile;
    public static String Live_file;
    public static String Live_browse;
    public static String Live_realtime;
    public static String Live_start;
    public static String Live_stop;
    public static String Live_clear;
    public static String Live_export;
    public static String Live_level;
    public static String Live_status;
    public static String Live_noFile;
    public static String Live_serverDefault;
    public static String Training_title;
    public static String Training_dataset;
    public static String Training_model;
    public static String Training_epochs;
    public static String Training_batch;
    public static String Training_limit;
    public static String Training_resumeFrom;
    public static String Training_latest;
    public static String Training_new;
    public static String Training_resume;
    public static String Training_stop;
    public static String Training_progress;
    public static String Training_idle;
    public static String Training_loss;
    public static String Training_valLoss;
    public static String Training_lr;
    public static String Training_cer;
    public static String Training_log;
    public static String Training_error;
    public static String Models_title;
    public static String Models_filter;
    public static String Models_name;
    public static String Models_kind;
    public static String Models_dataset;
    public static String Models_epoch;
    public static String Models_size;
    public static String Models_files;
    public static String Models_created;
    public static String Models_refresh;
    public static String Models_delete;
    public static String Models_download;
    public static String Models_use;
    public static String Models_confirmDelete;
    public static String Models_builtIn;
    public static String Datasets_title;
    public static String Datasets_status;
    public static String Datasets_hours;
    public static String Datasets_download;
    public static String Datasets_generate;
    public static String Datasets_delete;
    public static String Datasets_confirmDelete;
    public static String Datasets_kind;
    public static String Datasets_count;
    public static String Datasets_name;
    public static String Inference_title;
    public static String Inference_run;
    public static String Inference_timings;
    public static String Inference_empty;
    public static String Prefs_title;
    public static String Prefs_applying;
    public static String Prefs_embedded;
    public static String Prefs_remote;
    public static String Prefs_token;
    public static String Prefs_data;
    public static String Prefs_model;
    public static String Prefs_device;
    public static String Prefs_protocol;
    public static String Prefs_giveUp;
    public static String Common_error;
    public static String Common_working;
    public static String Common_serverNotReady;
    // issue 10
    public static String Training_noTrainable;
    public static String Common_notSupported;

    static {
        NLS.initializeMessages(BUNDLE_NAME, Messages.class);
    }

    private Messages() {
    }
}
