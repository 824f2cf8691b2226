package dev.vigil.job.store;

import dev.vigil.nn.ModelStore;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * A {@link ModelStore} at any URI Flink's {@link FileSystem} reads: {@code file://} on a shared
 * disk, and {@code s3://}, {@code hdfs://} and the like where the cluster has Flink's file system
 * plugin for them. Holds only the URI: the file system is Flink's, per process, not ours.
 */
public final class FlinkModelStore implements ModelStore {
    private final URI root;

    public FlinkModelStore(URI root) {
        this.root = root;
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public byte[] read(String path) throws IOException {
        Path file = resolve(path);
        FileSystem fs = file.getFileSystem();
        if (!fs.exists(file)) {
            throw new FileNotFoundException(file.toString());
        }
        try (InputStream in = fs.open(file)) {
            return in.readAllBytes();
        }
    }

    @Override
    public List<String> directories(String path) throws IOException {
        Path dir = resolve(path);
        FileSystem fs = dir.getFileSystem();
        List<String> names = new ArrayList<>();
        if (!fs.exists(dir)) {
            return names;
        }
        FileStatus[] children = fs.listStatus(dir);
        if (children != null) {
            for (FileStatus child : children) {
                if (child.isDir() && !child.getPath().getName().startsWith(".")) {
                    names.add(child.getPath().getName());
                }
            }
        }
        return names;
    }

    private Path resolve(String path) {
        return new Path(new Path(root), path);
    }
}
