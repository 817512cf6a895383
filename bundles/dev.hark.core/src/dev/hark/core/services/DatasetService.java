package dev.hark.core.services;

import java.util.List;

import dev.hark.protocol.rest.DatasetInfo;
import dev.hark.protocol.rest.DatasetJob;
import dev.hark.protocol.rest.GenerateRequest;

/**
 * The server's datasets. Downloads and generation run on the server; their progress arrives on
 * {@code hark/dataset/*}. Calls block: run them off the UI thread.
 */
public interface DatasetService {

    List<DatasetInfo> list() throws ServerCallException;

    DatasetJob download(String name) throws ServerCallException;

    DatasetJob generate(GenerateRequest request) throws ServerCallException;

    void delete(String name) throws ServerCallException;
}
